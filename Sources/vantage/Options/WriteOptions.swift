import ArgumentParser

/// The flag every writing command shares.
struct WriteOptions: ParsableArguments {
    @Flag(name: .long, help: "Replace an existing --out even when it is not a previous output of this command.")
    var force = false
}
