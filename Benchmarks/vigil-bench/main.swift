import VigilModel

// `vigil-bench NAME [ARGS…]`: one case per benchmark; add yours, keep the others.
let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "parse":
    ExpositionBenchmark.run(Array(arguments.dropFirst()))
case "promql-parse":
    PromQLParseBenchmark.run(Array(arguments.dropFirst()))
#if VIGIL_DASHBOARD_BENCH
case "dashboard-render":
    DashboardRenderBenchmark.run(Array(arguments.dropFirst()))
#endif
default:
    print("vigil-bench: usage: vigil-bench parse [FILE] [SECONDS] | promql-parse [SECONDS] | dashboard-render [SERIES] [RUNS]")
}
