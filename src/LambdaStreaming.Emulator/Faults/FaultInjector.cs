using System.Collections.Concurrent;

namespace LambdaStreaming.Emulator.Faults;

/// <summary>Decides, at random at a given rate, which Runtime API calls fail and how; counts what it injected.</summary>
internal sealed class FaultInjector(double rate, int seed)
{
    private static readonly RuntimeApiFault[] AtNextCall =
    [
        RuntimeApiFault.NextConnectionClosed,
        RuntimeApiFault.NextBodyTruncated,
        RuntimeApiFault.NextContainerError,
    ];

    private readonly Random _random = new(seed);
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<RuntimeApiFault, int> _injected = new();

    public IReadOnlyDictionary<RuntimeApiFault, int> Injected => _injected;

    /// <summary>The fault to inject into this <c>next</c> call, if any.</summary>
    public RuntimeApiFault? AtNext()
    {
        lock (_gate)
        {
            // Half the budget goes to next calls, half to responses, so both sides see faults at about the rate.
            if (_random.NextDouble() >= rate / 2)
            {
                return null;
            }

            return Count(AtNextCall[_random.Next(AtNextCall.Length)]);
        }
    }

    /// <summary>Whether to cut this response's connection.</summary>
    public bool AtResponse()
    {
        lock (_gate)
        {
            if (_random.NextDouble() >= rate / 2)
            {
                return false;
            }
        }

        Count(RuntimeApiFault.ResponseConnectionCut);
        return true;
    }

    private RuntimeApiFault Count(RuntimeApiFault fault)
    {
        _injected.AddOrUpdate(fault, 1, static (_, count) => count + 1);
        return fault;
    }
}
