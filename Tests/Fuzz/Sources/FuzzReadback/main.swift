import ConsentGateFuzzing

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzReadback(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    FuzzEntryPoints.readback(Array(UnsafeRawBufferPointer(start: start, count: count)))
    return 0
}
