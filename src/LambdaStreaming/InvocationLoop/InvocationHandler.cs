using LambdaStreaming.Hosting;
using LambdaStreaming.RuntimeApi;

namespace LambdaStreaming.InvocationLoop;

/// <summary>
/// The user's code as the loop sees it: one invocation in, its response written through <paramref name="response"/>.
/// The handler API adapts its handler shapes to this (see <c>LambdaRuntime</c>), so the loop never depends on them.
/// </summary>
/// <param name="invocation">The invocation as the Runtime API gave it.</param>
/// <param name="response">The invocation's response.</param>
/// <param name="cancellationToken">Fires <see cref="LambdaRuntimeOptions.DeadlineMargin"/> before the deadline.</param>
internal delegate Task InvocationHandler(Invocation invocation, ResponseControl response, CancellationToken cancellationToken);
