//! A local Kubernetes control plane for integration tests: etcd and kube-apiserver as child
//! processes bound to 127.0.0.1 on random free ports.
//!
//! The binaries are the ones kube-api-test downloads, found as the Java test support finds
//! them: `$KUBE_API_TEST_DIR` (default `~/.kubeapitest`), then `k8s/<version>-linux-amd64`
//! with `KUBE_API_TEST_API_SERVER_VERSION` or the default version below. `openssl` creates a
//! CA, the API server's certificate for IP 127.0.0.1 and the service-account key. Clients
//! authenticate with a static bearer token of a user in group `system:masters`, which RBAC
//! allows everything. Every process is killed when its guard drops, also when a test panics.

use std::fs;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use kube::config::{KubeConfigOptions, Kubeconfig};
use kube::{Client, Config};

/// Version of the binaries used when `KUBE_API_TEST_API_SERVER_VERSION` is not set; the one
/// the Java tests use.
const DEFAULT_VERSION: &str = "1.34.4";

/// Maximum wait for etcd or kube-apiserver to become ready. NOTE: an estimate with a wide
/// margin. The API server became ready in 3 to 6 s in this test's runs on 2 shared vCPUs.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(45);

/// Bearer token of the admin user in the static token file.
const ADMIN_TOKEN: &str = "fusebox-integration-test-admin";

/// Directory with `etcd` and `kube-apiserver`, or the reason none was found.
pub fn locate_binaries() -> Result<PathBuf, String> {
    let base = std::env::var("KUBE_API_TEST_DIR")
        .ok()
        .filter(|dir| !dir.trim().is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".kubeapitest")))
        .ok_or("neither KUBE_API_TEST_DIR nor HOME is set")?;
    let version = std::env::var("KUBE_API_TEST_API_SERVER_VERSION")
        .ok()
        .filter(|version| !version.trim().is_empty())
        .unwrap_or_else(|| DEFAULT_VERSION.to_string());
    let dir = base.join("k8s").join(format!("{version}-linux-amd64"));
    for binary in ["etcd", "kube-apiserver"] {
        if !dir.join(binary).is_file() {
            return Err(format!(
                "{binary} not found in {}; run scripts/provision-kube-binaries.sh",
                dir.display()
            ));
        }
    }
    if Command::new("openssl").arg("version").output().is_err() {
        return Err("openssl not found on PATH; install it to create test certificates".into());
    }
    Ok(dir)
}

/// A child process that is killed and reaped when dropped.
struct Process {
    name: &'static str,
    child: Child,
}

impl Process {
    fn spawn(name: &'static str, command: &mut Command, log: &Path) -> Process {
        let log = fs::File::create(log).expect("create the process log file");
        let child = command
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("clone the log file handle"))
            .stderr(log)
            .spawn()
            .unwrap_or_else(|error| panic!("failed to start {name}: {error}"));
        Process { name, child }
    }

    fn assert_running(&mut self, log: &Path) {
        if let Ok(Some(status)) = self.child.try_wait() {
            panic!(
                "{} exited with {status} during start-up; last log lines:\n{}",
                self.name,
                log_tail(log)
            );
        }
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// etcd and kube-apiserver on loopback; dropping it stops both and deletes their files.
pub struct ControlPlane {
    // Fields drop in declaration order: the API server stops, then etcd, and only then is
    // the work directory deleted.
    api_server: Option<Process>,
    _etcd: Process,
    binaries: PathBuf,
    api_port: u16,
    etcd_port: u16,
    work: tempfile::TempDir,
}

impl ControlPlane {
    /// Creates the certificates, starts etcd and kube-apiserver, and waits until the API
    /// server reports ready.
    pub async fn start(binaries: PathBuf) -> ControlPlane {
        let work = tempfile::tempdir().expect("create a work directory");
        write_certificates(work.path());
        fs::write(
            work.path().join("tokens.csv"),
            format!("{ADMIN_TOKEN},fusebox-admin,fusebox-admin,\"system:masters\"\n"),
        )
        .expect("write the token file");
        let etcd_port = free_port();
        let peer_port = free_port();
        let client_url = format!("http://127.0.0.1:{etcd_port}");
        let peer_url = format!("http://127.0.0.1:{peer_port}");
        let etcd_log = work.path().join("etcd.log");
        let mut etcd = Process::spawn(
            "etcd",
            Command::new(binaries.join("etcd"))
                .arg("--name=default")
                .arg(format!(
                    "--data-dir={}",
                    work.path().join("etcd-data").display()
                ))
                .arg(format!("--listen-client-urls={client_url}"))
                .arg(format!("--advertise-client-urls={client_url}"))
                .arg(format!("--listen-peer-urls={peer_url}"))
                .arg(format!("--initial-advertise-peer-urls={peer_url}"))
                .arg(format!("--initial-cluster=default={peer_url}")),
            &etcd_log,
        );
        let deadline = Instant::now() + STARTUP_TIMEOUT;
        while std::net::TcpStream::connect(("127.0.0.1", etcd_port)).is_err() {
            etcd.assert_running(&etcd_log);
            assert!(
                Instant::now() < deadline,
                "etcd did not listen on 127.0.0.1:{etcd_port} within {STARTUP_TIMEOUT:?}; log:\n{}",
                log_tail(&etcd_log)
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let mut plane = ControlPlane {
            binaries,
            work,
            api_port: free_port(),
            etcd_port,
            api_server: None,
            _etcd: etcd,
        };
        plane.start_api_server().await;
        plane
    }

    /// Starts kube-apiserver on its port and waits until `/readyz` returns 200.
    pub async fn start_api_server(&mut self) {
        let work = self.work.path();
        let log = work.join("kube-apiserver.log");
        let mut process = Process::spawn(
            "kube-apiserver",
            Command::new(self.binaries.join("kube-apiserver"))
                .arg("--bind-address=127.0.0.1")
                .arg("--advertise-address=127.0.0.1")
                .arg(format!("--secure-port={}", self.api_port))
                .arg(format!(
                    "--cert-dir={}",
                    work.join("apiserver-certs").display()
                ))
                .arg(format!(
                    "--tls-cert-file={}",
                    work.join("server.crt").display()
                ))
                .arg(format!(
                    "--tls-private-key-file={}",
                    work.join("server.key").display()
                ))
                .arg(format!(
                    "--etcd-servers=http://127.0.0.1:{}",
                    self.etcd_port
                ))
                .arg("--authorization-mode=RBAC")
                .arg(format!(
                    "--token-auth-file={}",
                    work.join("tokens.csv").display()
                ))
                .arg("--service-account-issuer=https://kubernetes.default.svc")
                .arg(format!(
                    "--service-account-signing-key-file={}",
                    work.join("sa.key").display()
                ))
                .arg(format!(
                    "--service-account-key-file={}",
                    work.join("sa.key").display()
                ))
                .arg("--disable-admission-plugins=ServiceAccount")
                .arg("--service-cluster-ip-range=10.0.0.0/24")
                .arg("--profiling=false"),
            &log,
        );
        let client = self.client().await;
        let deadline = Instant::now() + STARTUP_TIMEOUT;
        loop {
            process.assert_running(&log);
            let request = http::Request::get("/readyz").body(Vec::new()).unwrap();
            if client.request_text(request).await.is_ok() {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "kube-apiserver was not ready within {STARTUP_TIMEOUT:?}; log:\n{}",
                log_tail(&log)
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        self.api_server = Some(process);
    }

    /// Stops kube-apiserver; etcd keeps every object for the next start.
    pub fn stop_api_server(&mut self) {
        self.api_server = None;
    }

    /// Creates an admin client with the default namespace `default`.
    pub async fn client(&self) -> Client {
        let kubeconfig = format!(
            "apiVersion: v1\nkind: Config\nclusters:\n- name: test\n  cluster:\n    server: \
             https://127.0.0.1:{port}\n    certificate-authority: {ca}\nusers:\n- name: admin\n  \
             user:\n    token: {ADMIN_TOKEN}\ncontexts:\n- name: test\n  context:\n    cluster: \
             test\n    user: admin\n    namespace: default\ncurrent-context: test\n",
            port = self.api_port,
            ca = self.work.path().join("ca.crt").display(),
        );
        let kubeconfig = Kubeconfig::from_yaml(&kubeconfig).expect("parse the test kubeconfig");
        let mut config = Config::from_custom_kubeconfig(kubeconfig, &KubeConfigOptions::default())
            .await
            .expect("load the test kubeconfig");
        config.connect_timeout = Some(Duration::from_secs(2));
        config.read_timeout = Some(Duration::from_secs(10));
        Client::try_from(config).expect("create the Kubernetes client")
    }
}

/// Returns a port that was free on 127.0.0.1 a moment ago.
fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a free loopback port");
    listener.local_addr().unwrap().port()
}

/// Writes `ca.crt`, `server.crt`/`server.key` (for IP 127.0.0.1) and `sa.key` into `dir`.
fn write_certificates(dir: &Path) {
    let openssl = |args: &[&str]| {
        let output = Command::new("openssl")
            .args(args)
            .current_dir(dir)
            .output()
            .expect("run openssl");
        assert!(
            output.status.success(),
            "openssl {args:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    };
    let days = "1";
    openssl(&["genrsa", "-out", "ca.key", "2048"]);
    openssl(&[
        "req",
        "-x509",
        "-new",
        "-key",
        "ca.key",
        "-days",
        days,
        "-subj",
        "/CN=fusebox-test-ca",
        "-out",
        "ca.crt",
    ]);
    openssl(&["genrsa", "-out", "server.key", "2048"]);
    openssl(&[
        "req",
        "-new",
        "-key",
        "server.key",
        "-subj",
        "/CN=kube-apiserver",
        "-out",
        "server.csr",
    ]);
    fs::write(
        dir.join("server.ext"),
        "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n\
         keyUsage=digitalSignature,keyEncipherment\n",
    )
    .expect("write the certificate extensions");
    openssl(&[
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.crt",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-days",
        days,
        "-extfile",
        "server.ext",
        "-out",
        "server.crt",
    ]);
    openssl(&["genrsa", "-out", "sa.key", "2048"]);
}

fn log_tail(log: &Path) -> String {
    let text = fs::read_to_string(log).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(30)..].join("\n")
}
