import ArgumentParser
import VantageCore

/// `--memory` and `--tmp`: the memory budget of a run and where it may spill.
struct MemoryOptions: ParsableArguments {
    @Option(name: .long, help: "Memory budget, e.g. 2GiB or 512MiB (default: a quarter of physical memory). Inputs that do not fit are joined partition by partition through spill files.")
    var memory: String?

    @Option(name: .long, help: "Folder for spill files (default: the system temporary folder).")
    var tmp: String?

    /// Testing only: spill into exactly this many partitions, whatever the input size.
    @Option(name: .customLong("spill-partitions"), help: .hidden)
    var spillPartitions: Int?

    /// Testing and measuring only: join exactly this many partitions at once.
    @Option(name: .customLong("spill-workers"), help: .hidden)
    var spillWorkers: Int?

    func validate() throws {
        if let memory { do { _ = try MemoryBudget.parse(memory) } catch { throw ValidationError(error.description) } }
        if let spillPartitions, !(1...4096).contains(spillPartitions) { throw ValidationError("--spill-partitions: expected 1 to 4096") }
        if let spillWorkers, !(1...64).contains(spillWorkers) { throw ValidationError("--spill-workers: expected 1 to 64") }
        if let tmp, tmp.isEmpty { throw ValidationError("--tmp is empty: name a folder for spill files") }
    }

    func budget() throws(VantageError) -> MemoryBudget {
        MemoryBudget(bytes: try memory.map { m throws(VantageError) in try MemoryBudget.parse(m) }, tmp: tmp, forcedPartitions: spillPartitions,
                     forcedWorkers: spillWorkers)
    }
}
