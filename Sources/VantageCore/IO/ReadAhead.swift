#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch

/// Reads a file front to back one chunk ahead of its consumer, on a queue of its own, and
/// feeds each chunk to the file's running SHA-256 there. Reading and checksumming a chunk
/// then overlap the parsing of the one before instead of adding to it: at 10M events they
/// were a third of the reading time, all of it on the thread that waits for the parse.
///
/// Why `@unchecked Sendable`: `chunk`, `filled` and `failure` are written only by the one
/// read job in flight and read by the consumer only after `ready.wait()` has seen that job
/// end; the next job starts only after the consumer has copied the chunk out. `sha` and
/// `fast` are fed only by the jobs, which run one after another, and read only once none
/// is in flight.
final class ReadAhead: @unchecked Sendable {
    let path: String
    /// The file's size when it was opened.
    let size: Int
    /// Bytes per chunk: every chunk but the last is this long.
    let chunkBytes: Int
    private let fd: Int32
    /// What is fed while reading: SHA-256 for a manifest, the cheaper `StreamHash` for the
    /// spine's two reads (`SpineRecordReader`).
    private let sha: Checksum.Running?
    /// Whether the pages of a chunk leave the page cache once it is read (`init`).
    private let dropBehind: Bool
    /// Where the next read starts in the file.
    private var offset = 0
    /// How far back over the chunk before a chunk's pages are dropped (`dropBehind`).
    static let dropOverlap = 8 << 20
    private var fast: StreamHash?
    private let chunk: UnsafeMutablePointer<UInt8>
    private var filled = 0
    private var failure: VantageError?
    private var inFlight = false
    private var ended = false
    private let ready = DispatchSemaphore(value: 0)
    private let queue = DispatchQueue(label: "vantage.read-ahead")

    /// Opens `path` (a regular file, else an `error:`) and starts reading its first chunk.
    ///
    /// `dropBehind`: the file is read for the last time in this run and is larger than
    /// memory can keep beside what the run writes (a spilled join's input), so each
    /// chunk's pages are dropped from the page cache once read. Left there, they push out
    /// the pages the run still needs: at 100M events, the spine's (read again at the end)
    /// and the spill files', which were then read from the disk again.
    init(path: String, chunkBytes: Int, sha256: Bool = true, streamHash: Bool = false, dropBehind: Bool = false) throws(VantageError) {
        (fd, size) = try FileBytes.openRegularFile(path: path)
        self.dropBehind = dropBehind
        sha = sha256 ? Checksum.Running() : nil
        fast = streamHash ? StreamHash() : nil
        self.path = path
        self.chunkBytes = max(1, chunkBytes)
        guard let p = malloc(self.chunkBytes) else { fatalError("out of memory allocating a read buffer") }
        chunk = p.assumingMemoryBound(to: UInt8.self)
        start()
    }

    deinit {
        waitForRead()
        close(fd)
        releaseMemory(chunk)
    }

    private func start() {
        inFlight = true
        queue.async { [self] in
            filled = 0
            while filled < chunkBytes {
                let got = read(fd, chunk + filled, chunkBytes - filled)
                if got < 0 {
                    if errno == EINTR { continue }
                    failure = .io(path: path, message: "cannot read: \(String(cString: strerror(errno)))")
                    break
                }
                if got == 0 { break }
                filled += got
            }
            sha?.update(chunk, count: filled)
            fast?.update(chunk, count: filled)
            #if os(Linux)
            // Advice only: a failure changes nothing read. The range reaches back over the
            // chunk before: the page cache keeps a file in folios of up to 2 MiB, and one
            // lying across a chunk's start is dropped only once wholly inside a range.
            if dropBehind && filled > 0 {
                let from = max(0, offset - Self.dropOverlap)
                _ = posix_fadvise(fd, off_t(from), off_t(offset + filled - from), POSIX_FADV_DONTNEED)
            }
            #endif
            offset += filled
            ready.signal()
        }
    }

    private func waitForRead() {
        if inFlight {
            ready.wait()
            inFlight = false
        }
    }

    /// Copies the next chunk to `destination` (room for `chunkBytes`) and starts reading the
    /// one after; returns its length, less than `chunkBytes` only at the end of the file.
    func next(into destination: UnsafeMutablePointer<UInt8>) throws(VantageError) -> Int {
        guard !ended else { return 0 }
        waitForRead()
        if let failure { ended = true; throw failure }
        let n = filled
        if n > 0 { memcpy(destination, chunk, n) }
        // A chunk is short only when `read` reported the end of the file.
        if n == chunkBytes { start() } else { ended = true }
        return n
    }

    /// The SHA-256 of every byte handed out, once the end of the file has been reached.
    func finishHex() -> String {
        // Earlier, it would include a chunk read ahead but not handed out.
        precondition(ended, "the checksum of a file read only in part")
        waitForRead()
        guard let sha else { preconditionFailure("a read without SHA-256") }
        return sha.finishHex()
    }

    /// The `StreamHash` of every byte handed out, once the end of the file has been reached.
    func finishStreamHash() -> UInt64 {
        precondition(ended, "the checksum of a file read only in part")
        waitForRead()
        guard let fast else { preconditionFailure("a read without a stream hash") }
        return fast.finish()
    }
}
