//! The health server's address from the environment, with the Java agent's variables and
//! defaults: `FUSEBOX_HEALTH_ADDRESS` (a host name or IP address, default all IPv4
//! interfaces) and `FUSEBOX_HEALTH_PORT` (default 8081, `0` picks a free port).

use std::net::{IpAddr, Ipv4Addr, SocketAddr, ToSocketAddrs};

use crate::settings::SettingsError;

/// Port of the health server when `FUSEBOX_HEALTH_PORT` is unset or blank, as in the Java
/// agent.
pub const DEFAULT_HEALTH_PORT: u16 = 8081;

/// Reads `FUSEBOX_HEALTH_ADDRESS` and `FUSEBOX_HEALTH_PORT` from `lookup`. A host name is
/// resolved and its first address is used. Fails with an error that names the variable and
/// its value when the port is not an integer from 0 to 65535 or the host does not resolve.
pub fn health_address_from_lookup(
    lookup: impl Fn(&str) -> Option<String>,
) -> Result<SocketAddr, SettingsError> {
    let port = match lookup("FUSEBOX_HEALTH_PORT").filter(|text| !text.trim().is_empty()) {
        None => DEFAULT_HEALTH_PORT,
        Some(text) => text.trim().parse::<u16>().map_err(|_| SettingsError {
            source: "environment".to_string(),
            line: None,
            key: "FUSEBOX_HEALTH_PORT".to_string(),
            value: text.clone(),
            expected: "use an integer from 0 to 65535".to_string(),
        })?,
    };
    let Some(host) = lookup("FUSEBOX_HEALTH_ADDRESS").filter(|host| !host.trim().is_empty()) else {
        return Ok(SocketAddr::from((Ipv4Addr::UNSPECIFIED, port)));
    };
    let invalid = |expected: String| SettingsError {
        source: "environment".to_string(),
        line: None,
        key: "FUSEBOX_HEALTH_ADDRESS".to_string(),
        value: host.clone(),
        expected,
    };
    let trimmed = host.trim();
    if let Ok(ip) = trimmed.parse::<IpAddr>() {
        return Ok(SocketAddr::new(ip, port));
    }
    // Checked before resolving, so the earlier host:port form fails without a DNS query.
    if trimmed.contains(':') {
        return Err(invalid(
            "use an IP address or host name without a port, and set the port in \
             FUSEBOX_HEALTH_PORT"
                .to_string(),
        ));
    }
    let unresolved = |reason: String| {
        invalid(format!(
            "use an IP address or a resolvable host name ({reason})"
        ))
    };
    (trimmed, port)
        .to_socket_addrs()
        .map_err(|error| unresolved(error.to_string()))?
        .next()
        .ok_or_else(|| unresolved("no address found".to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lookup<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            pairs
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| value.to_string())
        }
    }

    #[test]
    fn defaults_match_java_agent() {
        let address = health_address_from_lookup(lookup(&[])).unwrap();
        assert_eq!(address, "0.0.0.0:8081".parse::<SocketAddr>().unwrap());
    }

    #[test]
    fn host_and_port_combine() {
        let address = health_address_from_lookup(lookup(&[
            ("FUSEBOX_HEALTH_ADDRESS", "127.0.0.1"),
            ("FUSEBOX_HEALTH_PORT", "0"),
        ]))
        .unwrap();
        assert_eq!(address, "127.0.0.1:0".parse::<SocketAddr>().unwrap());
        let blank = health_address_from_lookup(lookup(&[
            ("FUSEBOX_HEALTH_ADDRESS", " "),
            ("FUSEBOX_HEALTH_PORT", " 9090 "),
        ]))
        .unwrap();
        assert_eq!(blank, "0.0.0.0:9090".parse::<SocketAddr>().unwrap());
        let ipv6 = health_address_from_lookup(lookup(&[("FUSEBOX_HEALTH_ADDRESS", "::1")]));
        assert_eq!(ipv6.unwrap(), "[::1]:8081".parse::<SocketAddr>().unwrap());
    }

    #[test]
    fn invalid_port_is_named() {
        for text in ["http", "65536", "-1"] {
            let error =
                health_address_from_lookup(lookup(&[("FUSEBOX_HEALTH_PORT", text)])).unwrap_err();
            let message = error.to_string();
            assert!(message.contains("FUSEBOX_HEALTH_PORT"), "{message}");
            assert!(message.contains(text), "{message}");
            assert!(message.contains("from 0 to 65535"), "{message}");
        }
    }

    #[test]
    fn host_with_port_is_rejected() {
        // The port has its own variable, so the old host:port form is an error, not ignored.
        let error =
            health_address_from_lookup(lookup(&[("FUSEBOX_HEALTH_ADDRESS", "127.0.0.1:8082")]))
                .unwrap_err();
        let message = error.to_string();
        assert!(message.contains("FUSEBOX_HEALTH_ADDRESS"), "{message}");
        assert!(message.contains("127.0.0.1:8082"), "{message}");
        assert!(message.contains("FUSEBOX_HEALTH_PORT"), "{message}");
    }
}
