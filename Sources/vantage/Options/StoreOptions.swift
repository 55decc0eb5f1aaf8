import ArgumentParser
import VantageCore
import VantageStore

/// Where runs are recorded.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "The run store (SQLite). Default: .vantage/runs.sqlite under the current folder.")
    var store: String = RunStore.defaultPath

    @Flag(name: .customLong("no-store"), help: "Do not record this run in the store.")
    var noStore = false

    /// The store checked and opened for recording, before any work (nil with `--no-store`):
    /// it must not be one of the inputs nor lie inside an output folder that is replaced as
    /// a whole, and an existing file must be a run store this tool may write.
    func openForWriting(inputs: [OutputCheck.Input], outputs: [String]) throws -> RunStore? {
        guard !noStore else { return nil }
        if store.isEmpty { throw VantageError.usage("--store is empty: name the run store file, or pass --no-store") }
        try OutputCheck.checkNotInput(store, option: "--store", inputs: inputs)
        let real = RealPath.resolve(store)
        for out in outputs where RealPath.contains(RealPath.resolve(out), real) {
            throw VantageError.usage("--store \(store) lies inside the output \(out), which is replaced as a whole: keep the store elsewhere")
        }
        return try RunStore(path: store)
    }

    /// The store for reading only: never created, never changed.
    func openForReading() throws -> RunStore {
        guard RunStore.exists(store) else {
            throw VantageError.usage("no run store at \(store) (runs are recorded by sweep and backtest; pass --store)")
        }
        return try RunStore(path: store, readOnly: true)
    }
}
