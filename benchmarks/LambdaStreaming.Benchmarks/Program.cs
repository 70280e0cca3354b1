// Micro-benchmarks. Short smoke run: dotnet run -c Release --project benchmarks/LambdaStreaming.Benchmarks -- --filter '*' --job short
using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
