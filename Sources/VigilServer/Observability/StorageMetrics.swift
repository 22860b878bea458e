import VigilModel
import VigilStorage

/// The store's counters as exposition text for `/metrics`, named after Prometheus'
/// `prometheus_tsdb_*` metrics.
enum StorageMetrics {
    static func exposition(_ c: StorageCounters) -> String {
        var out = ""
        func family(_ name: String, _ type: String, _ help: String, _ value: Double) {
            out += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n\(name) \(GoFloat.g(value))\n"
        }
        family("vigil_storage_samples_appended_total", "counter", "Samples appended to the store.", Double(c.samplesAppended))
        family("vigil_storage_out_of_order_samples_total", "counter", "Samples rejected as older than their series' newest.", Double(c.outOfOrderSamples))
        family("vigil_storage_duplicate_samples_total", "counter", "Samples rejected for a timestamp already holding another value.", Double(c.duplicateSamples))
        family("vigil_storage_out_of_bounds_samples_total", "counter", "Samples rejected as older than the store accepts.", Double(c.outOfBoundsSamples))
        family("vigil_storage_invalid_samples_total", "counter", "Samples rejected for an invalid label set or reference.", Double(c.invalidSamples))
        family("vigil_storage_series_created_total", "counter", "Series created.", Double(c.seriesCreated))
        out += "# HELP vigil_storage_append_failures_total Batches that could not be stored, by reason.\n"
        out += "# TYPE vigil_storage_append_failures_total counter\n"
        out += "vigil_storage_append_failures_total{reason=\"full\"} \(c.appendFailuresFull)\n"
        out += "vigil_storage_append_failures_total{reason=\"io\"} \(c.appendFailuresIO)\n"
        out += "vigil_storage_append_failures_total{reason=\"closed\"} \(c.appendFailuresClosed)\n"
        family("vigil_storage_log_written_bytes_total", "counter", "Bytes written to the append log.", Double(c.logBytesWritten))
        family("vigil_storage_chunks_flushed_total", "counter", "Chunks written to vigil.db.", Double(c.chunksFlushed))
        family("vigil_storage_checkpoints_total", "counter", "Head checkpoints.", Double(c.checkpoints))
        family("vigil_storage_checkpoint_failures_total", "counter", "Head checkpoints that failed.", Double(c.checkpointFailures))
        family("vigil_storage_flush_failures_total", "counter", "Chunk flushes that failed.", Double(c.flushFailures))
        family("vigil_storage_retention_chunks_deleted_total", "counter", "Chunks deleted by retention.", Double(c.retentionChunksDeleted))
        family("vigil_storage_retention_series_deleted_total", "counter", "Series deleted by retention.", Double(c.retentionSeriesDeleted))
        family("vigil_storage_size_retentions_total", "counter", "Deletions because of the size limit.", Double(c.sizeRetentions))
        family("vigil_storage_series", "gauge", "Series in the store.", Double(c.series))
        family("vigil_storage_head_series", "gauge", "Series with chunks in memory.", Double(c.headSeries))
        family("vigil_storage_head_chunks", "gauge", "Chunks in memory.", Double(c.headChunks))
        family("vigil_storage_size_bytes", "gauge", "Bytes of the store's files on disk.", Double(c.storageBytes))
        if let newest = c.newestSampleTime {
            family("vigil_storage_newest_sample_timestamp_seconds", "gauge", "Time of the newest sample stored.", Double(newest) / 1000)
        }
        return out
    }
}
