//! `gotraps server` driven by a scripted LSP client over stdio: diagnostics on open,
//! change and save, the check cache, related information, quick fixes, hover, errors.

mod lsp;

use lsp::{apply_edits, line_of, uri, Client};
use serde_json::{json, Value};
use std::process::Command;

fn codes(published: &Value) -> Vec<String> {
    published["diagnostics"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap().to_string()).collect()
}

#[test]
fn diagnostics_fixes_hover_and_cache_through_the_protocol() {
    let (root, cache) = lsp::workspace("server-protocol");
    let main_go = root.join("main.go");
    let store_go = root.join("store/store.go");
    let main_text = std::fs::read_to_string(&main_go).unwrap();
    let store_text = std::fs::read_to_string(&store_go).unwrap();
    let (main_uri, store_uri) = (uri(&main_go), uri(&store_go));

    // The oracle: what `gotraps check` itself reports for the workspace.
    let check = Command::new(env!("CARGO_BIN_EXE_gotraps"))
        .args(["check", "--no-cache", "--format", "json"])
        .current_dir(&root)
        .output()
        .unwrap();
    let check: Value = serde_json::from_slice(&check.stdout).unwrap();
    let check_codes = |file: &str| -> Vec<String> {
        check["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["path"] == file)
            .map(|d| d["code"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(check_codes("main.go"), ["GT016"], "{check}");
    assert_eq!(check_codes("store/store.go"), ["GT024", "GT024"], "{check}");

    let mut client = Client::start(&cache);
    let init = client.initialize(&root, &["utf-16"]);
    assert_eq!(init["result"]["capabilities"]["positionEncoding"], "utf-16", "{init}");
    assert_eq!(init["result"]["serverInfo"]["name"], "gotraps");

    // Open: the findings of `check`, at the annotated lines.
    client.open(&main_go, &main_text);
    let published = client.diagnostics(&main_uri);
    assert_eq!(codes(&published), check_codes("main.go"));
    assert_eq!(published["version"], 1);
    let signal = &published["diagnostics"][0];
    assert_eq!(signal["range"]["start"]["line"].as_u64().unwrap(), line_of(&main_text, "// want GT016"));
    assert_eq!(signal["source"], "gotraps");
    assert_eq!(signal["severity"], 1, "errors are severity 1");
    assert!(client.logs.iter().any(|l| l.contains("checked 2 files (0 from the cache)")), "{:?}", client.logs);

    // Labels become related information, pointing into the same file.
    client.open(&store_go, &store_text);
    let published = client.diagnostics(&store_uri);
    assert_eq!(codes(&published), check_codes("store/store.go"));
    let want: Vec<u64> =
        store_text.lines().enumerate().filter(|(_, l)| l.contains("// want GT024")).map(|(i, _)| i as u64).collect();
    let lines: Vec<u64> = published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["range"]["start"]["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, want);
    let inversion = &published["diagnostics"][1];
    let related = inversion["relatedInformation"].as_array().expect("related information");
    assert!(related.iter().all(|r| r["location"]["uri"] == store_uri.as_str()));
    // Exactly the labels `check` reports, with their lines and messages.
    let check_labels: Vec<(u64, String)> =
        check["diagnostics"].as_array().unwrap().iter().filter(|d| d["path"] == "store/store.go").nth(1).unwrap()
            ["labels"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| (l["line"].as_u64().unwrap() - 1, l["message"].as_str().unwrap().to_string()))
            .collect();
    let related: Vec<(u64, String)> = related
        .iter()
        .map(|r| {
            (r["location"]["range"]["start"]["line"].as_u64().unwrap(), r["message"].as_str().unwrap().to_string())
        })
        .collect();
    assert_eq!(related, check_labels);
    // The second open ran `check` again: everything came from the cache.
    assert!(client.logs.last().unwrap().contains("checked 2 files (2 from the cache)"), "{:?}", client.logs);

    // Hover over a finding shows its rule's documentation.
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": main_uri}, "position": signal["range"]["start"]}),
    );
    let doc = hover["result"]["contents"]["value"].as_str().expect("hover text");
    assert!(doc.starts_with("**GT016 unbuffered-signal-channel**"), "{doc}");
    let rule_doc = Command::new(env!("CARGO_BIN_EXE_gotraps")).args(["rule", "GT016"]).output().unwrap();
    let rule_doc = String::from_utf8(rule_doc.stdout).unwrap();
    // The body of `gotraps rule GT016` is in the hover, e.g. its "Why is this bad?" section.
    let why = rule_doc.lines().skip_while(|l| *l != "## Why is this bad?").nth(1).expect("rule doc has a why");
    assert!(doc.contains(&format!("## Why is this bad?\n{why}")), "hover lacks `{why}`:\n{doc}");
    let nothing = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": main_uri}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(nothing["result"], Value::Null);

    // The quick fix for the finding, applied as an unsaved edit: the buffer is analysed
    // from memory and the finding goes away.
    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": main_uri},
            "range": signal["range"],
            "context": {"diagnostics": [signal]},
        }),
    );
    let actions = actions["result"].as_array().expect("code actions");
    assert_eq!(actions.len(), 1, "{actions:?}");
    assert_eq!(actions[0]["kind"], "quickfix");
    assert_eq!(actions[0]["diagnostics"][0]["code"], "GT016");
    let edits = actions[0]["edit"]["changes"][main_uri.as_str()].as_array().unwrap();
    let fixed = apply_edits(&main_text, edits);
    assert!(fixed.contains("stop := make(chan os.Signal, 1)"), "{fixed}");
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": main_uri, "version": 2}, "contentChanges": [{"text": fixed}]}),
    );
    let published = client.diagnostics(&main_uri);
    assert_eq!(published["version"], 2);
    assert_eq!(codes(&published), Vec::<String>::new());
    assert!(client.logs.last().unwrap().contains("from memory"), "{:?}", client.logs);

    // An unsaved edit that adds a trap shows it at once; the file on disk is untouched.
    let trapped = fixed
        .replace("\t\"os/signal\"\n", "\t\"os/signal\"\n\t\"runtime\"\n")
        .replace("\tl.Deposit(\"alice\", 3)\n", "\truntime.GOMAXPROCS(4)\n\tl.Deposit(\"alice\", 3)\n");
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": main_uri, "version": 3}, "contentChanges": [{"text": trapped}]}),
    );
    let published = client.diagnostics(&main_uri);
    assert_eq!(published["version"], 3);
    assert_eq!(codes(&published), ["GT033"], "{published}");
    assert_eq!(
        published["diagnostics"][0]["range"]["start"]["line"].as_u64().unwrap(),
        line_of(&trapped, "GOMAXPROCS")
    );
    assert_eq!(std::fs::read_to_string(&main_go).unwrap(), main_text);

    // Saving the fixed text: the check driver takes over again. Only main's package is
    // analysed again; the store package comes from the cache.
    std::fs::write(&main_go, &fixed).unwrap();
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": main_uri, "version": 4}, "contentChanges": [{"text": fixed}]}),
    );
    client.notify("textDocument/didSave", json!({"textDocument": {"uri": main_uri}}));
    let published = client.diagnostics(&main_uri);
    assert_eq!(codes(&published), Vec::<String>::new());
    let published = client.diagnostics(&store_uri);
    assert_eq!(codes(&published), ["GT024", "GT024"]);
    assert!(client.logs.iter().any(|l| l.contains("checked 2 files (1 from the cache)")), "{:?}", client.logs);

    // Bad requests get errors; the server keeps serving.
    let bad = client.request("textDocument/codeAction", json!({"textDocument": 7}));
    assert_eq!(bad["error"]["code"], -32602, "{bad}");
    let unknown = client.request("textDocument/definition", json!({}));
    assert_eq!(unknown["error"]["code"], -32601, "{unknown}");

    // Closing a file clears its diagnostics.
    client.notify("textDocument/didClose", json!({"textDocument": {"uri": store_uri}}));
    let published = client.diagnostics(&store_uri);
    assert_eq!(codes(&published), Vec::<String>::new());

    assert!(client.shutdown().success());
}

#[test]
fn positions_count_utf8_bytes_when_the_client_offers_them() {
    let (root, cache) = lsp::workspace("server-utf8");
    let main_go = root.join("main.go");
    // Non-ASCII before the finding on its line: 2 bytes, 1 UTF-16 unit.
    let text = std::fs::read_to_string(&main_go).unwrap().replace("\tsignal.Notify", "\t/* é */ signal.Notify");
    std::fs::write(&main_go, &text).unwrap();
    let column = |encodings: &[&str]| -> u64 {
        let mut client = Client::start(&cache);
        client.initialize(&root, encodings);
        client.open(&main_go, &text);
        let published = client.diagnostics(&uri(&main_go));
        let start = published["diagnostics"][0]["range"]["start"]["character"].as_u64().unwrap();
        assert!(client.shutdown().success());
        start
    };
    let line = text.lines().find(|l| l.contains("// want GT016")).unwrap();
    let byte_column = line.find("signal.Notify").unwrap() as u64;
    assert_eq!(column(&["utf-8", "utf-16"]), byte_column);
    assert_eq!(column(&["utf-16"]), byte_column - 1);
}

#[test]
fn input_that_is_not_lsp_is_a_clear_error() {
    for input in ["hello\n", "Content-Length: 5\r\n\r\n{\"a\":", ""] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_gotraps"))
            .arg("server")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{input:?}: {stderr}");
        assert!(stderr.starts_with("error: gotraps server: "), "{input:?}: {stderr}");
        assert!(stderr.contains("start it from an editor"), "{input:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{input:?}: {stderr}");
    }
}
