import Testing
@testable import VigilRules

/// Hostile templates end in errors, never in a crash.
struct TemplateRobustnessTests {
    @Test(arguments: [
        (String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000), "template nesting too deep"),
        (String(repeating: "{{ if true }}", count: 5000), "template nesting too deep"),
        (#"{{ define "a" }}{{ template "a" . }}{{ end }}{{ template "a" . }}"#, "exceeded maximum template depth (100)"),
        ("{{ \"\u{0}\" }}", ""),
        ("{{ .A.B.C.D }}", ""),
        ("{{ range $i := 2000000 }}{{ end }}", "template execution exceeded 1000000 steps"),
    ])
    func hostile(_ text: String, _ expected: String) {
        let wrapped = text.hasPrefix("(") ? "{{ " + text + " }}" : text
        do {
            let output = try TextTemplate(wrapped, name: "t").execute(.missing)
            #expect(expected.isEmpty, "expected \(expected), got output of \(output.count) bytes")
        } catch {
            #expect(!expected.isEmpty && error.description.contains(expected), "\(error)")
        }
    }
}
