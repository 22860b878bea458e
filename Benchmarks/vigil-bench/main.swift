import VigilModel

// `vigil-bench NAME [ARGS…]`: one case per benchmark; add yours, keep the others.
let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "promql-parse":
    PromQLParseBenchmark.run(Array(arguments.dropFirst()))
case "parse":
    ExpositionBenchmark.run(Array(arguments.dropFirst()))
case "query":
    QueryBenchmark.run(Array(arguments.dropFirst()))
default:
    print("vigil-bench: usage: vigil-bench promql-parse [SECONDS] | parse [FILE] [SECONDS] | query [SERIES] [HOURS] [REPS]")
}
