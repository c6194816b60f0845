//! `gotraps server`: a language server over stdio, so editors show findings as you type.
//!
//! Files as saved are analysed by `check`'s own driver, run over the workspace root
//! exactly as `gotraps check` run there would: same config file, rules, suppressions and
//! result cache (the cache file is even shared with the command line). Unchanged packages
//! come from the cache; a saved edit re-analyses its package (and, if a declaration
//! changed, its importers). A buffer with unsaved changes is analysed from memory: its
//! package is parsed with the buffer's text in place of the file's, the rest is read
//! from disk.
//!
//! Findings become diagnostics (labels as related information, help appended to the
//! message), fixes become quick-fix code actions, and hovering a finding shows its rule's
//! documentation.

use crate::check::{self, CheckArgs, ColorChoice, OutputFormat};
use clap::Args;
use gotraps_cli::driver::CheckOptions;
use gotraps_diagnostics::{Diagnostic, Severity};
use gotraps_syntax::{LineIndex, Span};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use lsp_types::{
    notification, request, CodeAction, CodeActionKind, CodeActionOptions, CodeActionOrCommand, CodeActionParams,
    CodeActionProviderCapability, DiagnosticRelatedInformation, DiagnosticSeverity, DidChangeTextDocumentParams,
    DidCloseTextDocumentParams, DidOpenTextDocumentParams, DidSaveTextDocumentParams, Hover, HoverContents,
    HoverParams, HoverProviderCapability, InitializeParams, InitializeResult, Location, LogMessageParams,
    MarkupContent, MarkupKind, MessageType, NumberOrString, Position, PositionEncodingKind, PublishDiagnosticsParams,
    Range, SaveOptions, ServerCapabilities, ServerInfo, TextDocumentSyncCapability, TextDocumentSyncKind,
    TextDocumentSyncOptions, TextDocumentSyncSaveOptions, TextEdit, Url, WorkspaceEdit,
};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

#[derive(Args, Debug)]
pub struct ServerArgs {
    /// Accepted for editors that pass it: stdio is the only transport.
    #[arg(long, hide = true)]
    pub stdio: bool,
}

pub fn run(_args: ServerArgs) -> ExitCode {
    // A server lives for hours: each check run must give its memory back.
    let (connection, io_threads) = Connection::stdio();
    let result = serve(&connection);
    drop(connection);
    // A broken message stops the reader thread; its error says more than the closed
    // channel the main loop then sees.
    let error = match (result, io_threads.join()) {
        (Ok(()), Ok(())) => return ExitCode::SUCCESS,
        (_, Err(e)) => format!("cannot read the client's messages: {e}"),
        (Err(e), Ok(())) => e,
    };
    eprintln!("error: gotraps server: {error}");
    eprintln!("  gotraps server speaks LSP on stdin/stdout: start it from an editor (docs/integrations.md)");
    ExitCode::from(2)
}

fn serve(connection: &Connection) -> Result<(), String> {
    let (id, params) =
        connection.initialize_start().map_err(|e| format!("no `initialize` request from the client ({e})"))?;
    let params: InitializeParams =
        serde_json::from_value(params).map_err(|e| format!("initialize: invalid parameters: {e}"))?;
    let encoding = Encoding::negotiate(&params);
    let root = workspace_root(&params);
    // The check driver, its config discovery and its cache all work from the current
    // directory, as `gotraps check` run in the workspace root does.
    if let Err(e) = std::env::set_current_dir(&root) {
        return Err(format!("cannot enter the workspace root {}: {e}", root.display()));
    }
    let capabilities = ServerCapabilities {
        position_encoding: Some(encoding.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(TextDocumentSyncKind::FULL),
            save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions { include_text: Some(false) })),
            ..Default::default()
        })),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..Default::default()
        })),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        ..Default::default()
    };
    let result = InitializeResult {
        capabilities,
        server_info: Some(ServerInfo { name: "gotraps".into(), version: Some(env!("CARGO_PKG_VERSION").into()) }),
    };
    connection
        .initialize_finish(id, serde_json::to_value(result).map_err(|e| e.to_string())?)
        .map_err(|e| e.to_string())?;
    let mut server = Server::new(connection, root, encoding);
    server.main_loop()
}

/// The directory the editor opened: the first workspace folder, else the root URI, else
/// the current directory.
fn workspace_root(params: &InitializeParams) -> PathBuf {
    let from_folders =
        params.workspace_folders.as_ref().and_then(|f| f.first()).and_then(|f| f.uri.to_file_path().ok());
    #[allow(deprecated)]
    let from_root = params.root_uri.as_ref().and_then(|u| u.to_file_path().ok());
    let root = from_folders.or(from_root).or_else(|| std::env::current_dir().ok()).unwrap_or_else(|| ".".into());
    std::fs::canonicalize(&root).unwrap_or(root)
}

/// How positions count characters within a line. UTF-8 when the client offers it (no
/// conversion), else the protocol's default, UTF-16.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Encoding {
    Utf8,
    Utf16,
}

impl Encoding {
    fn negotiate(params: &InitializeParams) -> Encoding {
        let offered = params.capabilities.general.as_ref().and_then(|g| g.position_encodings.as_ref());
        match offered {
            Some(list) if list.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
            _ => Encoding::Utf16,
        }
    }

    fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }
    }

    fn units(self, s: &str) -> u32 {
        match self {
            Encoding::Utf8 => s.len() as u32,
            Encoding::Utf16 => s.encode_utf16().count() as u32,
        }
    }
}

/// A text and its line starts, for converting between byte offsets and LSP positions.
struct Text<'a> {
    src: &'a str,
    lines: LineIndex,
}

impl<'a> Text<'a> {
    fn new(src: &'a str) -> Self {
        Text { src, lines: LineIndex::new(src.as_bytes()) }
    }

    fn position(&self, offset: u32, encoding: Encoding) -> Position {
        let (line, col) = self.lines.line_col(offset);
        let end = (offset as usize).min(self.src.len());
        let start = end - (col as usize - 1);
        let prefix = self.src.get(start..end).unwrap_or("");
        Position { line: line - 1, character: encoding.units(prefix) }
    }

    fn range(&self, span: Span, encoding: Encoding) -> Range {
        Range { start: self.position(span.start, encoding), end: self.position(span.end, encoding) }
    }
}

struct Document {
    version: i32,
    text: String,
}

/// One published finding, with what code actions and hovers need.
struct Published {
    diagnostic: lsp_types::Diagnostic,
    code: &'static str,
    fix: Option<(String, Vec<TextEdit>)>,
}

struct Server<'c> {
    connection: &'c Connection,
    root: PathBuf,
    encoding: Encoding,
    documents: BTreeMap<Url, Document>,
    published: HashMap<Url, Vec<Published>>,
    /// Findings of the last check-driver run, by absolute path, with the text analysed.
    on_disk: HashMap<PathBuf, (String, Vec<Diagnostic>)>,
    /// A file was opened or saved since the last check-driver run.
    disk_changed: bool,
    /// Documents whose text or disk state changed since their findings were published.
    pending: BTreeSet<Url>,
}

impl<'c> Server<'c> {
    fn new(connection: &'c Connection, root: PathBuf, encoding: Encoding) -> Self {
        Server {
            connection,
            root,
            encoding,
            documents: BTreeMap::new(),
            published: HashMap::new(),
            on_disk: HashMap::new(),
            disk_changed: false,
            pending: BTreeSet::new(),
        }
    }

    fn main_loop(&mut self) -> Result<(), String> {
        while let Ok(message) = self.connection.receiver.recv() {
            if self.handle(message)? {
                return Ok(());
            }
            // Messages that arrived meanwhile (fast typing) are taken before analysing, so
            // one analysis covers them all.
            while let Ok(message) = self.connection.receiver.try_recv() {
                if self.handle(message)? {
                    return Ok(());
                }
            }
            self.refresh();
        }
        Ok(())
    }

    /// Returns whether the server should stop.
    fn handle(&mut self, message: Message) -> Result<bool, String> {
        match message {
            Message::Request(req) => {
                if self.connection.handle_shutdown(&req).map_err(|e| e.to_string())? {
                    return Ok(true);
                }
                // Answers must reflect the text the request was made on.
                self.refresh();
                let response = self.answer(req);
                self.send(Message::Response(response));
            }
            Message::Notification(n) => self.notify(n),
            Message::Response(_) => {}
        }
        Ok(false)
    }

    fn answer(&mut self, req: Request) -> Response {
        let id = req.id.clone();
        match req.method.as_str() {
            request::CodeActionRequest::METHOD => match serde_json::from_value::<CodeActionParams>(req.params) {
                Ok(p) => respond(id, self.code_actions(&p)),
                Err(e) => invalid_params(id, e),
            },
            request::HoverRequest::METHOD => match serde_json::from_value::<HoverParams>(req.params) {
                Ok(p) => respond(id, self.hover(&p)),
                Err(e) => invalid_params(id, e),
            },
            other => {
                Response::new_err(id, ErrorCode::MethodNotFound as i32, format!("gotraps does not handle {other}"))
            }
        }
    }

    fn notify(&mut self, n: Notification) {
        match n.method.as_str() {
            notification::DidOpenTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<DidOpenTextDocumentParams>(n.params) {
                    let doc = p.text_document;
                    self.documents.insert(doc.uri.clone(), Document { version: doc.version, text: doc.text });
                    self.pending.insert(doc.uri);
                    self.disk_changed = true;
                }
            }
            notification::DidChangeTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<DidChangeTextDocumentParams>(n.params) {
                    // Full synchronisation: the last change holds the whole text.
                    if let (Some(doc), Some(change)) =
                        (self.documents.get_mut(&p.text_document.uri), p.content_changes.into_iter().last())
                    {
                        doc.version = p.text_document.version;
                        doc.text = change.text;
                        self.pending.insert(p.text_document.uri);
                    }
                }
            }
            notification::DidSaveTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<DidSaveTextDocumentParams>(n.params) {
                    self.disk_changed = true;
                    // A saved declaration can change what every open file's package sees.
                    self.pending.extend(self.documents.keys().cloned());
                    self.pending.insert(p.text_document.uri);
                }
            }
            notification::DidCloseTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<DidCloseTextDocumentParams>(n.params) {
                    self.documents.remove(&p.text_document.uri);
                    self.pending.remove(&p.text_document.uri);
                    self.published.remove(&p.text_document.uri);
                    self.publish_raw(p.text_document.uri, Vec::new(), None);
                }
            }
            _ => {}
        }
    }

    /// Analyses what changed and publishes the findings of every affected open document.
    fn refresh(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let pending = std::mem::take(&mut self.pending);
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.refresh_documents(&pending)));
        if outcome.is_err() {
            self.log(MessageType::ERROR, "internal error while analysing; findings may be out of date".into());
        }
    }

    fn refresh_documents(&mut self, pending: &BTreeSet<Url>) {
        if std::mem::take(&mut self.disk_changed) {
            self.run_check();
        }
        // Documents whose buffer matches the file on disk take the check driver's findings;
        // the others are analysed from memory, one package at a time.
        let mut in_memory: BTreeMap<PathBuf, Vec<(Url, PathBuf)>> = BTreeMap::new();
        for uri in pending {
            let Some(doc) = self.documents.get(uri) else { continue };
            let Ok(path) = uri.to_file_path() else { continue };
            if !path.extension().is_some_and(|e| e == "go") {
                continue;
            }
            let path = std::fs::canonicalize(&path).unwrap_or(path);
            let on_disk = std::fs::read(&path).is_ok_and(|bytes| bytes == doc.text.as_bytes());
            if on_disk && path.starts_with(&self.root) {
                let findings = match self.on_disk.get(&path) {
                    Some((text, diagnostics)) if text == &doc.text => diagnostics.clone(),
                    _ => Vec::new(),
                };
                self.publish(uri.clone(), &doc.text.clone(), findings);
            } else if !skipped_by_check(&self.root, &path) {
                if let Some(dir) = path.parent() {
                    in_memory.entry(dir.to_path_buf()).or_default().push((uri.clone(), path.clone()));
                }
            } else {
                // `check ./...` never looks here: neither does an unsaved edit.
                self.publish(uri.clone(), "", Vec::new());
            }
        }
        for (dir, docs) in in_memory {
            // Every open buffer of the package replaces its file, saved or not.
            let overlays: HashMap<PathBuf, String> = self
                .documents
                .iter()
                .filter_map(|(uri, doc)| {
                    let p = uri.to_file_path().ok()?;
                    let p = std::fs::canonicalize(&p).unwrap_or(p);
                    (p.parent() == Some(dir.as_path())).then(|| (p, doc.text.clone()))
                })
                .collect();
            let started = Instant::now();
            let mut found = match analyze_in_memory(&self.root, &dir, &overlays) {
                Ok(found) => found,
                Err(e) => {
                    self.log(MessageType::ERROR, e);
                    continue;
                }
            };
            self.log(
                MessageType::LOG,
                format!("analysed {} from memory in {} ms", dir.display(), started.elapsed().as_millis()),
            );
            for (uri, path) in docs {
                let findings = found.remove(&path).unwrap_or_default();
                let text = self.documents.get(&uri).map(|d| d.text.clone()).unwrap_or_default();
                self.publish(uri, &text, findings);
            }
        }
    }

    /// `gotraps check` over the workspace root, from the files on disk.
    fn run_check(&mut self) {
        let args = CheckArgs {
            paths: Vec::new(),
            format: OutputFormat::Json,
            color: ColorChoice::Never,
            select: Vec::new(),
            extend_select: Vec::new(),
            ignore: Vec::new(),
            tests: false,
            goos: None,
            goarch: None,
            tags: Vec::new(),
            go_version: None,
            report_unused_suppressions: false,
            fix: false,
            no_cache: false,
        };
        let started = Instant::now();
        match check::analyze(&args) {
            Ok(analysis) => {
                self.log(
                    MessageType::LOG,
                    format!(
                        "checked {} files ({} from the cache) in {} ms",
                        analysis.reports.len(),
                        analysis.files_from_cache,
                        started.elapsed().as_millis()
                    ),
                );
                for e in &analysis.load_errors {
                    self.log(MessageType::WARNING, format!("{}: {}", e.path.display(), e.message));
                }
                self.on_disk = analysis
                    .reports
                    .into_iter()
                    .filter(|r| !r.diagnostics.is_empty())
                    .map(|r| (self.root.join(&r.path), (r.source.into(), r.diagnostics)))
                    .collect();
            }
            Err(e) => {
                self.on_disk.clear();
                self.log(MessageType::ERROR, format!("{e} (fix it and save a file to check again)"));
            }
        }
    }

    fn publish(&mut self, uri: Url, text: &str, findings: Vec<Diagnostic>) {
        let text = Text::new(text);
        let encoding = self.encoding;
        let published: Vec<Published> = findings.iter().map(|d| to_lsp(d, &uri, &text, encoding)).collect();
        let diagnostics = published.iter().map(|p| p.diagnostic.clone()).collect();
        let version = self.documents.get(&uri).map(|d| d.version);
        self.published.insert(uri.clone(), published);
        self.publish_raw(uri, diagnostics, version);
    }

    fn publish_raw(&self, uri: Url, diagnostics: Vec<lsp_types::Diagnostic>, version: Option<i32>) {
        let params = PublishDiagnosticsParams { uri, diagnostics, version };
        self.send(Message::Notification(Notification::new(notification::PublishDiagnostics::METHOD.into(), params)));
    }

    fn log(&self, typ: MessageType, message: String) {
        self.send(Message::Notification(Notification::new(
            notification::LogMessage::METHOD.into(),
            LogMessageParams { typ, message },
        )));
    }

    fn send(&self, message: Message) {
        // The client is gone when this fails; the receive loop then ends by itself.
        let _ = self.connection.sender.send(message);
    }

    fn code_actions(&self, params: &CodeActionParams) -> Vec<CodeActionOrCommand> {
        let uri = &params.text_document.uri;
        let Some(published) = self.published.get(uri) else { return Vec::new() };
        published
            .iter()
            .filter(|p| overlaps(p.diagnostic.range, params.range))
            .filter_map(|p| {
                let (title, edits) = p.fix.clone()?;
                Some(CodeActionOrCommand::CodeAction(CodeAction {
                    title,
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![p.diagnostic.clone()]),
                    edit: Some(WorkspaceEdit { changes: Some([(uri.clone(), edits)].into()), ..Default::default() }),
                    is_preferred: Some(true),
                    ..Default::default()
                }))
            })
            .collect()
    }

    fn hover(&self, params: &HoverParams) -> Option<Hover> {
        let at = params.text_document_position_params.position;
        let published = self.published.get(&params.text_document_position_params.text_document.uri)?;
        let found = published.iter().find(|p| contains(p.diagnostic.range, at))?;
        let rule = gotraps_rules::find(found.code)?;
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: format!("**{} {}**: {}\n\n{}", rule.code, rule.name, rule.summary, rule.doc),
            }),
            range: Some(found.diagnostic.range),
        })
    }
}

/// Whether `check` run in `root` skips the directory of `path` (`vendor`, `testdata`,
/// names starting with `.` or `_`), as its directory walk does.
fn skipped_by_check(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else { return false };
    let Some(dir) = rel.parent() else { return false };
    dir.components().any(|c| {
        let name = c.as_os_str().to_string_lossy();
        name == "vendor" || name == "testdata" || name.starts_with('.') || name.starts_with('_')
    })
}

fn respond<T: serde::Serialize>(id: RequestId, result: T) -> Response {
    Response::new_ok(id, result)
}

fn invalid_params(id: RequestId, e: serde_json::Error) -> Response {
    Response::new_err(id, ErrorCode::InvalidParams as i32, format!("invalid parameters: {e}"))
}

fn overlaps(a: Range, b: Range) -> bool {
    a.start <= b.end && b.start <= a.end
}

fn contains(r: Range, p: Position) -> bool {
    r.start <= p && p <= r.end
}

fn to_lsp(d: &Diagnostic, uri: &Url, text: &Text, encoding: Encoding) -> Published {
    let severity = match d.severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    };
    let mut message = format!("{}: {}", d.name, d.message);
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let related: Vec<DiagnosticRelatedInformation> = d
        .labels
        .iter()
        .map(|l| DiagnosticRelatedInformation {
            location: Location { uri: uri.clone(), range: text.range(l.span, encoding) },
            message: l.message.clone(),
        })
        .collect();
    let fix = d.fix.as_ref().map(|f| {
        let edits = f
            .edits
            .iter()
            .map(|e| TextEdit { range: text.range(e.span, encoding), new_text: e.replacement.clone() })
            .collect();
        (format!("{} ({})", f.message, d.code), edits)
    });
    Published {
        diagnostic: lsp_types::Diagnostic {
            range: text.range(d.span, encoding),
            severity: Some(severity),
            code: Some(NumberOrString::String(d.code.into())),
            source: Some("gotraps".into()),
            message,
            related_information: (!related.is_empty()).then_some(related),
            ..Default::default()
        },
        code: d.code,
        fix,
    }
}

/// Analyses the package(s) of `dir` with `overlays` (absolute path to text) in place of
/// the files on disk, through `check`'s driver: the same config file, rules, excludes,
/// per-path ignores and suppressions; the overlaid package is analysed afresh and never
/// cached. Returns the findings of each file, by absolute path.
fn analyze_in_memory(
    root: &Path,
    dir: &Path,
    overlays: &HashMap<PathBuf, String>,
) -> Result<HashMap<PathBuf, Vec<Diagnostic>>, String> {
    let options = CheckOptions {
        targets: vec![dir.display().to_string()],
        overlay: overlays.iter().map(|(p, t)| (p.clone(), std::sync::Arc::from(t.as_str()))).collect(),
        cache_dir: gotraps_cli::cache::default_dir(),
        ..CheckOptions::default()
    };
    let result = gotraps_cli::driver::check(&options).map_err(|e| e.0)?;
    Ok(result
        .files
        .into_iter()
        .map(|r| {
            let p = PathBuf::from(&r.path);
            let abs = if p.is_absolute() { p } else { root.join(p) };
            (std::fs::canonicalize(&abs).unwrap_or(abs), r.diagnostics)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_utf16_units_or_bytes() {
        // "é" is 2 bytes and 1 UTF-16 unit; "𝄞" is 4 bytes and 2 units.
        let src = "a\né𝄞x := 1\n";
        let text = Text::new(src);
        let x = src.find('x').unwrap() as u32;
        assert_eq!(text.position(x, Encoding::Utf16), Position { line: 1, character: 3 });
        assert_eq!(text.position(x, Encoding::Utf8), Position { line: 1, character: 6 });
        assert_eq!(text.position(0, Encoding::Utf16), Position { line: 0, character: 0 });
        // Past the end clamps to the end.
        assert_eq!(text.position(1000, Encoding::Utf16), Position { line: 2, character: 0 });
    }

    #[test]
    fn unsaved_files_where_check_does_not_look_are_skipped() {
        let root = Path::new("/src/svc");
        assert!(skipped_by_check(root, Path::new("/src/svc/vendor/x/a.go")));
        assert!(skipped_by_check(root, Path::new("/src/svc/pkg/testdata/a.go")));
        assert!(skipped_by_check(root, Path::new("/src/svc/_old/a.go")));
        assert!(skipped_by_check(root, Path::new("/src/svc/.git/a.go")));
        assert!(!skipped_by_check(root, Path::new("/src/svc/pkg/a.go")));
        assert!(!skipped_by_check(root, Path::new("/src/svc/a.go")));
        // Outside the workspace the file's own package is analysed.
        assert!(!skipped_by_check(root, Path::new("/tmp/vendor/a.go")));
    }
}
