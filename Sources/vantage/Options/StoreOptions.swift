import ArgumentParser
import VantageStore

/// Where runs are recorded.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "The run store (SQLite). Default: .vantage/runs.sqlite under the current folder.")
    var store: String = RunStore.defaultPath

    @Flag(name: .customLong("no-store"), help: "Do not record this run in the store.")
    var noStore = false
}
