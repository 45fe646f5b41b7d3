/// Counts in words, as people write them: "once", "3 times", "1 line", "2 lines".
public enum Plural {
    public static func times(_ count: Int) -> String { count == 1 ? "once" : "\(count) times" }

    /// `count` and the noun, made plural with an s (or `plural`) unless there is one.
    public static func of(_ count: Int, _ noun: String, plural: String? = nil) -> String {
        "\(count) " + (count == 1 ? noun : plural ?? noun + "s")
    }
}
