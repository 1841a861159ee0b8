extension String {
    /// Left-aligned in a field of `width` characters (never truncated).
    public func padded(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
    /// Right-aligned in a field of `width` characters (never truncated).
    public func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
