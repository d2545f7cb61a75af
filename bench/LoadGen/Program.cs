using LoadGen;

// Exit codes: 0 ok, 1 check failed (error rate or --check-stats), 2 bad arguments.
return await LoadGenApp.RunAsync(args, Console.Out, Console.Error, CancellationToken.None);
