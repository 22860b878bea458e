import VigilModel

// `vigil-bench NAME [ARGS…]`: one case per benchmark; add yours, keep the others.
let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "parse":
    ExpositionBenchmark.run(Array(arguments.dropFirst()))
case "promql-parse":
    PromQLParseBenchmark.run(Array(arguments.dropFirst()))
default:
    print("vigil-bench: usage: vigil-bench parse [FILE] [SECONDS] | promql-parse [SECONDS]")
}
