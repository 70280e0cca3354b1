using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace LambdaStreaming.Logging;

/// <summary>Registers the LambdaStreaming logging provider.</summary>
public static class LambdaLoggingBuilderExtensions
{
    /// <summary>
    /// Adds the provider that writes to the function's log with the current request id:
    /// <c>LoggerFactory.Create(logging => logging.AddLambdaStreaming())</c>.
    /// </summary>
    public static ILoggingBuilder AddLambdaStreaming(this ILoggingBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ILoggerProvider, LambdaLoggerProvider>());
        return builder;
    }
}
