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
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for b in digest {
            out.append(hex[Int(b >> 4)])
            out.append(hex[Int(b & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    public static func sha256Hex(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBytes { sha256Hex($0) }
    }
}
