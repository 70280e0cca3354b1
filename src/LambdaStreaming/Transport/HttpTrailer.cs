namespace LambdaStreaming.Transport;

/// <summary>A trailer field sent after the last chunk of a chunked body.</summary>
/// <param name="Name">The field name; must have been announced in the request's <c>Trailer</c> header.</param>
/// <param name="Value">The field value; validated against CR, LF and NUL when written.</param>
internal readonly record struct HttpTrailer(string Name, string Value);
