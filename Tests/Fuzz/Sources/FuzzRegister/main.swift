import ConsentGateFuzzing

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRegister(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    FuzzEntryPoints.register(Array(UnsafeRawBufferPointer(start: start, count: count)))
    return 0
}
