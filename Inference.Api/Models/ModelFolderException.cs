namespace Inference.Api.Models;

/// <summary>A model folder that cannot be served: the message names the file and the field.</summary>
public sealed class ModelFolderException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ModelFolderException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public ModelFolderException()
    {
    }

    /// <summary>Creates the exception around a cause.</summary>
    public ModelFolderException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
