import VigilModel

/// A snapshot of the store's own metrics, for the server to publish on /metrics. Counters
/// only grow while the store is open. Prometheus' `prometheus_tsdb_*` metrics map to the
/// names given on each field (`vigil_storage_*`).
public struct StorageCounters: Sendable, Hashable {
    /// `vigil_storage_head_samples_appended_total`
    public var samplesAppended = 0
    /// `vigil_storage_out_of_order_samples_total`
    public var outOfOrderSamples = 0
    /// `vigil_storage_duplicate_samples_total`
    public var duplicateSamples = 0
    /// `vigil_storage_out_of_bounds_samples_total`
    public var outOfBoundsSamples = 0
    /// `vigil_storage_invalid_samples_total` (unknown reference or empty label set)
    public var invalidSamples = 0
    /// `vigil_storage_head_series_created_total`
    public var seriesCreated = 0
    /// `vigil_storage_append_failures_total{reason="full"|"io"|"closed"}`: batches not stored.
    public var appendFailuresFull = 0
    public var appendFailuresIO = 0
    public var appendFailuresClosed = 0
    /// `vigil_storage_log_bytes_written_total`: bytes of append-log records.
    public var logBytesWritten = 0
    /// `vigil_storage_chunks_flushed_total`: cut chunks written to vigil.db.
    public var chunksFlushed = 0
    /// `vigil_storage_checkpoints_total` / `vigil_storage_checkpoints_failed_total`
    public var checkpoints = 0
    public var checkpointFailures = 0
    /// `vigil_storage_flush_failures_total`: failed writes of cut chunks (retried later).
    public var flushFailures = 0
    /// `vigil_storage_retention_chunks_deleted_total`
    public var retentionChunksDeleted = 0
    /// `vigil_storage_retention_series_deleted_total`
    public var retentionSeriesDeleted = 0
    /// `vigil_storage_size_retentions_total`: upkeeps that deleted data for the size limit.
    public var sizeRetentions = 0

    // Gauges, filled in when the snapshot is taken.
    /// `vigil_storage_series`: series in the store.
    public var series = 0
    /// `vigil_storage_head_series`: series with data in memory.
    public var headSeries = 0
    /// `vigil_storage_head_chunks`: chunks in memory (open and cut).
    public var headChunks = 0
    /// `vigil_storage_size_bytes`: vigil.db, head.db and their WAL files.
    public var storageBytes: Int64 = 0
    /// `vigil_storage_newest_sample_timestamp_seconds` (ms here; nil when empty).
    public var newestSampleTime: Timestamp?

    public init() {}
}
