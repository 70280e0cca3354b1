using Amazon.CDK;
using Amazon.CDK.AWS.CloudFront;
using Amazon.CDK.AWS.CloudFront.Origins;
using Amazon.CDK.AWS.Lambda;
using Constructs;
using EdgeFunction = Amazon.CDK.AWS.CloudFront.Experimental.EdgeFunction;
using EdgeFunctionProps = Amazon.CDK.AWS.CloudFront.Experimental.EdgeFunctionProps;
using LambdaFunction = Amazon.CDK.AWS.Lambda.Function;
using LambdaFunctionProps = Amazon.CDK.AWS.Lambda.FunctionProps;

namespace LambdaStreaming.Samples.Deploy;

/// <summary>
/// A streaming function reachable only through CloudFront: its Function URL (RESPONSE_STREAM) takes AWS_IAM auth, and
/// CloudFront signs every request to it with Origin Access Control (SigV4, origin type lambda). A Lambda@Edge function
/// adds the payload hash that SigV4 needs for request bodies, so POST and PUT pass the signature check.
/// </summary>
public sealed class StreamingFunctionStack : Stack
{
    /// <summary>Builds the stack from the context values <c>functionZip</c> and <c>architecture</c>.</summary>
    public StreamingFunctionStack(Construct scope, string id, IStackProps props)
        : base(scope, id, props)
    {
        var zip = (string)Node.TryGetContext("functionZip");
        if (!File.Exists(zip))
        {
            throw new InvalidOperationException(
                $"No deployment package at '{zip}'. Run bootstrap/package.sh samples/SseClock samples/SseClock/out first, or pass -c functionZip=PATH.");
        }

        var architecture = (string)Node.TryGetContext("architecture") switch
        {
            "x86_64" => Architecture.X86_64,
            "arm64" => Architecture.ARM_64,
            var other => throw new InvalidOperationException($"architecture must be x86_64 or arm64, not '{other}'"),
        };

        var function = new LambdaFunction(this, "Function", new LambdaFunctionProps
        {
            Runtime = Runtime.PROVIDED_AL2023,
            Handler = "bootstrap",
            Code = Code.FromAsset(zip),
            Architecture = architecture,
            MemorySize = 256,
            // A stream lasts as long as the function runs; the SSE sample's defaults need 20 s.
            Timeout = Duration.Minutes(5),
            LoggingFormat = LoggingFormat.JSON,
        });
        var url = function.AddFunctionUrl(new FunctionUrlOptions
        {
            AuthType = FunctionUrlAuthType.AWS_IAM,
            InvokeMode = InvokeMode.RESPONSE_STREAM,
        });

        var originAccess = new CfnOriginAccessControl(this, "OriginAccessControl", new CfnOriginAccessControlProps
        {
            OriginAccessControlConfig = new CfnOriginAccessControl.OriginAccessControlConfigProperty
            {
                Name = $"{id}-function-url",
                OriginAccessControlOriginType = "lambda",
                SigningBehavior = "always",
                SigningProtocol = "sigv4",
            },
        });

        var contentHash = new EdgeFunction(this, "ContentHash", new EdgeFunctionProps
        {
            Runtime = Runtime.NODEJS_20_X,
            Handler = "index.handler",
            Code = Code.FromAsset(Path.Combine(AppContext.BaseDirectory, "edge")),
        });

        var distribution = new Distribution(this, "Distribution", new DistributionProps
        {
            DefaultBehavior = new BehaviorOptions
            {
                Origin = new FunctionUrlOrigin(url),
                AllowedMethods = AllowedMethods.ALLOW_ALL,
                ViewerProtocolPolicy = ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
                // Every request reaches the function; the Host header must stay the Function URL's for SigV4.
                CachePolicy = CachePolicy.CACHING_DISABLED,
                OriginRequestPolicy = OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
                EdgeLambdas =
                [
                    new EdgeLambda
                    {
                        FunctionVersion = contentHash.CurrentVersion,
                        EventType = LambdaEdgeEventType.ORIGIN_REQUEST,
                        IncludeBody = true,
                    },
                ],
            },
        });
        // This CDK version has no Function URL origin with OAC built in: attach the OAC to the origin directly.
        ((CfnDistribution)distribution.Node.DefaultChild!).AddPropertyOverride(
            "DistributionConfig.Origins.0.OriginAccessControlId", originAccess.AttrId);

        var distributionArn = FormatArn(new ArnComponents
        {
            Service = "cloudfront",
            Region = "",
            Resource = "distribution",
            ResourceName = distribution.DistributionId,
        });
        // Only this distribution may call the URL. Since October 2025 a Function URL call needs both actions.
        _ = new CfnPermission(this, "CloudFrontInvokeFunctionUrl", new CfnPermissionProps
        {
            FunctionName = function.FunctionName,
            Action = "lambda:InvokeFunctionUrl",
            Principal = "cloudfront.amazonaws.com",
            SourceArn = distributionArn,
            FunctionUrlAuthType = "AWS_IAM",
        });
        _ = new CfnPermission(this, "CloudFrontInvokeFunction", new CfnPermissionProps
        {
            FunctionName = function.FunctionName,
            Action = "lambda:InvokeFunction",
            Principal = "cloudfront.amazonaws.com",
            SourceArn = distributionArn,
        });

        _ = new CfnOutput(this, "Url", new CfnOutputProps
        {
            Description = "curl -N {Url}stream to watch the events; open {Url} for the page.",
            Value = $"https://{distribution.DistributionDomainName}/",
        });
    }
}
