using AspNetCoreFunction;

// On Lambda (AWS_LAMBDA_RUNTIME_API set) the app runs in-process on the LambdaStreaming runtime; `dotnet run` serves it on Kestrel.
App.Build(args).Run();
