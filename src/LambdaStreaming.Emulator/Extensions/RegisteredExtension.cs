namespace LambdaStreaming.Emulator.Extensions;

/// <summary>An extension registered through the Extensions API for the current execution environment.</summary>
/// <param name="Name">Its <c>Lambda-Extension-Name</c>.</param>
/// <param name="Identifier">The <c>Lambda-Extension-Identifier</c> it was given.</param>
/// <param name="WantsShutdown">
/// Whether it subscribed to <c>SHUTDOWN</c>, which only an external extension (its own process) may do; one that did
/// not is taken for internal (part of the runtime's process), as Lambda's grace periods tell them apart.
/// </param>
internal sealed record RegisteredExtension(string Name, string Identifier, bool WantsShutdown);
