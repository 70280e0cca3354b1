// The runtime looks the hook up by this name: a type StartupHook in no namespace with a static Initialize().

/// <summary>Starts listening to dependency injection's events before the app's Main runs.</summary>
internal static class StartupHook
{
    private static CallSiteListener? s_listener;

    public static void Initialize()
    {
        var output = Environment.GetEnvironmentVariable("HOST_GENERICS_OUT")
            ?? throw new InvalidOperationException("Set HOST_GENERICS_OUT to the file the generic types are written to.");
        s_listener = new CallSiteListener(output);
    }
}
