namespace SseClock;

/// <summary>One tick of the clock, as the Hono example sends it.</summary>
public sealed record ClockUpdate(string Timestamp, int RandomValue, string Message);
