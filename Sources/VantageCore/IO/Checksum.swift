#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CCrypto

/// SHA-256 of input bytes, through the system libcrypto (hardware SHA extensions where the
/// CPU has them), so checksumming every input for the manifest costs little.
public enum Checksum {
    public static func sha256Hex(_ bytes: UnsafeRawBufferPointer) -> String {
        var digest = [UInt8](repeating: 0, count: 32)
        var len: UInt32 = 0
        _ = digest.withUnsafeMutableBufferPointer { d in
            EVP_Digest(bytes.baseAddress, bytes.count, d.baseAddress, &len, EVP_sha256(), nil)
        }
        return hex(digest)
    }

    /// A SHA-256 fed block by block, for files read in bounded chunks: the checksum costs
    /// no second pass and no whole-file copy.
    final class Running {
        private let context: OpaquePointer

        init() {
            context = EVP_MD_CTX_new()
            EVP_DigestInit_ex(context, EVP_sha256(), nil)
        }

        deinit { EVP_MD_CTX_free(context) }

        func update(_ bytes: UnsafeRawPointer, count: Int) {
            if count > 0 { EVP_DigestUpdate(context, bytes, count) }
        }

        /// The digest of everything fed so far, in lower-case hex; call once, at the end.
        func finishHex() -> String {
            var digest = [UInt8](repeating: 0, count: 32)
            var len: UInt32 = 0
            _ = digest.withUnsafeMutableBufferPointer { EVP_DigestFinal_ex(context, $0.baseAddress, &len) }
            return Checksum.hex(digest)
        }
    }

    static func hex(_ digest: [UInt8]) -> String {
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for b in digest {
            out.append(hex[Int(b >> 4)])
            out.append(hex[Int(b & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The SHA-256 and size of a file, read in bounded blocks.
    static func sha256Hex(fileAt path: String) throws(VantageError) -> (hex: String, bytes: Int) {
        let (fd, _) = try FileBytes.openRegularFile(path: path)
        defer { close(fd) }
        let running = Running()
        var block = [UInt8](repeating: 0, count: 1 << 20)
        var total = 0
        while true {
            let got = block.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if got < 0 {
                if errno == EINTR { continue }
                throw .io(path: path, message: "cannot read: \(String(cString: strerror(errno)))")
            }
            if got == 0 { break }
            block.withUnsafeBytes { running.update($0.baseAddress!, count: got) }
            total += got
            try Cancellation.check()
        }
        return (running.finishHex(), total)
    }

    public static func sha256Hex(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBytes { sha256Hex($0) }
    }
}
