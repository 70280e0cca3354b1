using System.Runtime.ExceptionServices;
using Microsoft.AspNetCore.Hosting.Server;

namespace LambdaStreaming.AspNetCore;

/// <summary>One invocation through the app's pipeline: the event becomes a request, the response goes to the runtime.</summary>
internal static class InvocationHost
{
    public static async Task InvokeAsync<TContext>(IHttpApplication<TContext> application, LambdaRequest request, ResponseStream response, ILambdaContext lambda, LambdaEventSource source, LambdaResponseMode mode)
        where TContext : notnull
    {
        var features = new InvocationFeatures(response, lambda, source, mode);
        HttpEventMapper.Map(request, source, features);
        InvocationTraceContext.Apply(features.RequestHeaders);
        var context = application.CreateContext(features.ToFeatureCollection());
        Exception? failure = null;
        try
        {
            await application.ProcessRequestAsync(context).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            failure = ex;
        }

        // As Kestrel does: the app's completion callbacks, then the context's disposal, once the outcome is reported.
        var unhandled = failure;
        response.OnCompleted(async () =>
        {
            await features.FireOnCompletedAsync().ConfigureAwait(false);
            application.DisposeContext(context, unhandled);
        });

        if (failure is not null)
        {
            if (features.HasStarted)
            {
                // Bytes may have left: the stream ends with Lambda's error trailers, which the runtime writes.
                ExceptionDispatchInfo.Throw(failure);
            }
            lambda.Logger.LogError(failure, $"An unhandled exception escaped the app for {features.Method} {features.Path}; answering 500: {failure.Message}");
            features.ResetToServerError();
        }
        await features.FinishAsync().ConfigureAwait(false);
    }
}
