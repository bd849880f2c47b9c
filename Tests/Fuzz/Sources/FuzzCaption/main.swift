import ConsentGateFuzzing

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCaption(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    FuzzEntryPoints.caption(Array(UnsafeRawBufferPointer(start: start, count: count)))
    return 0
}
