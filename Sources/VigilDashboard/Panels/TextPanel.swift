/// Text written in the dashboard: safe Markdown, or plain preformatted text.
enum TextPanel {
    static func render(_ options: TextOptions) -> HTML {
        switch options.mode {
        case .markdown:
            return HTML("<div class=\"md\">\(Markdown.render(options.content))</div>")
        case .plain:
            return HTML("<div class=\"md\"><pre>\(options.content)</pre></div>")
        }
    }
}
