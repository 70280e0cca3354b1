// Starts and exits: what the harness times is process start-up itself.
System.Console.WriteLine("hello");
