namespace AppHost;

/// <summary>The settings the topology reads from configuration, and the links between the services' pages.</summary>
internal static class TopologyExtensions
{
    /// <summary>The aggregator's read-only GenAI overview page (Telemetry.Aggregator/Overview).</summary>
    internal const string OverviewPath = "/overview";

    /// <summary>Its link text in the Aspire dashboard's resource rows.</summary>
    internal const string OverviewDisplayText = "GenAI overview";

    /// <summary>The publish-mode secret the inference API requires as a bearer key.</summary>
    internal const string ApiKeyParameterName = "inference-api-key";

    /// <summary>
    /// Runs <c>Replicas:&lt;name&gt;</c> instances of the project (command line <c>--Replicas:inference=2</c>,
    /// environment <c>Replicas__inference=2</c>); one when unset.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithReplicasFromConfiguration(this IResourceBuilder<ProjectResource> project)
    {
        var key = $"Replicas:{project.Resource.Name}";
        var value = project.ApplicationBuilder.Configuration[key];
        if (value is null)
        {
            return project;
        }

        if (!int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var replicas) || replicas < 1)
        {
            throw new DistributedApplicationException($"{key} must be a whole number of at least 1, not '{value}'.");
        }

        return project.WithReplicas(replicas);
    }

    /// <summary>
    /// The aggregator's row links to its overview page; in run mode the page gets the dashboard's address
    /// (<c>Overview__DashboardUrl</c>) so that alert examples link to their traces there.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithDashboardLinks(this IResourceBuilder<ProjectResource> aggregator)
    {
        aggregator.WithOverviewLink(aggregator);
        var configuration = aggregator.ApplicationBuilder.Configuration;
        if (aggregator.ApplicationBuilder.ExecutionContext.IsRunMode
            && configuration["ASPNETCORE_URLS"]?.Split(';', StringSplitOptions.RemoveEmptyEntries) is [var dashboardUrl, ..])
        {
            aggregator.WithEnvironment("Overview__DashboardUrl", dashboardUrl);
        }

        return aggregator;
    }

    /// <summary>Adds the aggregator's overview page to this resource's row in the dashboard.</summary>
    public static IResourceBuilder<ProjectResource> WithOverviewLink(this IResourceBuilder<ProjectResource> project, IResourceBuilder<ProjectResource> aggregator) =>
        project.WithUrl($"{aggregator.GetEndpoint("http")}{OverviewPath}", OverviewDisplayText);

    /// <summary>
    /// In publish mode the deployment asks for a secret key (a <c>parameter.v0</c> secret, which azd prompts for)
    /// and the API requires it: a deployed <c>/generate</c> is never open. Run mode on localhost stays open.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithApiKeyWhenPublished(this IResourceBuilder<ProjectResource> inference)
    {
        if (!inference.ApplicationBuilder.ExecutionContext.IsPublishMode)
        {
            return inference;
        }

        var key = inference.ApplicationBuilder.AddParameter(ApiKeyParameterName, secret: true);
        return inference.WithEnvironment("Auth__Keys__0__Key", key);
    }
}
