import ConsentGateFuzzing

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRender(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    FuzzEntryPoints.render(Array(UnsafeRawBufferPointer(start: start, count: count)))
    return 0
}
