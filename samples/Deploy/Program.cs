using Amazon.CDK;
using LambdaStreaming.Samples.Deploy;

// `cdk synth` / `cdk deploy` run this (cdk.json). Context: functionZip (package.sh's function.zip, default
// ../SseClock/out/function.zip) and architecture (x86_64 or arm64, the --arch it was packaged with).
var app = new App();
_ = new StreamingFunctionStack(app, "LambdaStreamingSseClock", new StackProps
{
    // Lambda@Edge functions live in us-east-1; outside it the EdgeFunction construct adds a stack there, which
    // needs the account, hence the CLI's defaults.
    Env = new Amazon.CDK.Environment
    {
        Account = System.Environment.GetEnvironmentVariable("CDK_DEFAULT_ACCOUNT"),
        Region = System.Environment.GetEnvironmentVariable("CDK_DEFAULT_REGION") ?? "us-east-1",
    },
});
app.Synth();
