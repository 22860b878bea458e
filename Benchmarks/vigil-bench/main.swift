import VigilModel

// `vigil-bench NAME [ARGS…]`: one case per benchmark; add yours, keep the others.
let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "parse":
    ExpositionBenchmark.run(Array(arguments.dropFirst()))
case "promql-parse":
    PromQLParseBenchmark.run(Array(arguments.dropFirst()))
case "query":
    QueryBenchmark.run(Array(arguments.dropFirst()))
case "storage-ingest":
    await StorageBenchmarks.ingest(Array(arguments.dropFirst()))
case "storage-import":
    await StorageBenchmarks.importFile(Array(arguments.dropFirst()))
case "storage-select":
    StorageBenchmarks.select(Array(arguments.dropFirst()))
case "storage-codec":
    StorageCodecBenchmark.run(Array(arguments.dropFirst()))
case "storage-crash-child":
    await StorageFaultChild.run(Array(arguments.dropFirst()))
case "dashboard-render":
    DashboardRenderBenchmark.run(Array(arguments.dropFirst()))
default:
    print("vigil-bench: usage: vigil-bench parse [FILE] [SECONDS] | promql-parse [SECONDS] | query [SERIES] [HOURS] [REPS] [ID] [MODE] | storage-ingest [TARGETS] [SERIES] [TICKS] [DIR] | storage-import FILE [DIR] | storage-select DIR [SECONDS] | storage-codec [SECONDS] | dashboard-render [SERIES] [RUNS]")
}
