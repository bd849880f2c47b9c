extension Array where Element == UInt8 {
    /// `withUnsafeBytes` keeping the closure's typed error. libvips reads
    /// buffers lazily, so everything that touches pixels runs inside `body`.
    func withPinnedBytes<Value, Failure: Error>(
        _ body: (UnsafeRawBufferPointer) throws(Failure) -> Value
    ) throws(Failure) -> Value {
        let result: Result<Value, Failure> = withUnsafeBytes { buffer in
            do throws(Failure) {
                return .success(try body(buffer))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }
}
