// A corpus of real-looking secrets that must be masked, and of look-alikes that must not be.
import { describe, expect, it } from "vitest";
import { createRedactor, REDACTED } from "../../src/core/redact-secrets.js";

const redactor = createRedactor();

describe("secrets are masked", () => {
  it.each([
    ["env password", "DB_PASSWORD=hunter2", "DB_PASSWORD=[redacted]", "hunter2"],
    ["password with colon", "password: Sup3r$ecret!", "password: [redacted]", "Sup3r$ecret!"],
    ["passwd", "passwd=abc123 user=root", "passwd=[redacted] user=root", "abc123"],
    ["json password", '{"user":"app","password":"p@ss w0rd"}', '{"user":"app","password":"[redacted]"}', "p@ss w0rd"],
    ["single-quoted", "export API_TOKEN='tok-9f8e7d6c'", "export API_TOKEN='[redacted]'", "tok-9f8e7d6c"],
    ["github token", "github_token=ghp_0123456789abcdefABCDEF0123456789abcd", "github_token=[redacted]", "ghp_0123456789"],
    ["client secret", "client_secret = s3cr3t-value", "client_secret = [redacted]", "s3cr3t-value"],
    ["aws secret key", "aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "aws_secret_access_key=[redacted]", "wJalrXUtnFEMI"],
    ["aws key id", "using key AKIAIOSFODNN7EXAMPLE for s3", "using key [redacted] for s3", "AKIAIOSFODNN7EXAMPLE"],
    ["flag with =", "deploy --password=Pa55word --user admin", "deploy --password=[redacted] --user admin", "Pa55word"],
    ["flag with space", "vault login --token s.8fJ2kLq", "vault login --token [redacted]", "s.8fJ2kLq"],
    ["bearer header", "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig", "Authorization: Bearer [redacted]", "eyJhbGci"],
    ["basic header", "> authorization: Basic dXNlcjpwYXNz", "> authorization: Basic [redacted]", "dXNlcjpwYXNz"],
    ["gateway header", 'X-Bkapi-Authorization: {"bk_app_code":"x","bk_app_secret":"abc"}', "X-Bkapi-Authorization: [redacted]", '"abc"'],
    ["mysql -p", "mysql -h db1 -uroot -pS3cretPass -e 'select 1'", "mysql -h db1 -uroot -p[redacted] -e 'select 1'", "S3cretPass"],
    ["mysqldump -p", "mysqldump -u backup -p'x!y' app > dump.sql", "mysqldump -u backup -p[redacted] app > dump.sql", "x!y"],
    ["url credentials", "cloning https://deploy:gh0st-t0ken@git.example.com/app.git", "cloning https://deploy:[redacted]@git.example.com/app.git", "gh0st-t0ken"],
    ["redis url", "REDIS_URL=redis://:r3d1s@10.0.0.5:6379/0", "REDIS_URL=redis://:[redacted]@10.0.0.5:6379/0", "r3d1s"],
    ["mongodb url", "mongodb://admin:M0ng0Pw@10.0.0.7:27017", "mongodb://admin:[redacted]@10.0.0.7:27017", "M0ng0Pw"],
  ])("%s", (_name, given, want, secret) => {
    const masked = redactor.redact(given);
    expect(masked).toBe(want);
    expect(masked).not.toContain(secret);
  });

  it("a private key block", () => {
    const log = "writing key\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7V2\nabcDEF123\n-----END RSA PRIVATE KEY-----\ndone";
    const masked = redactor.redact(log);
    expect(masked).not.toContain("MIIEowIBAAKCAQEA7V2");
    expect(masked).toContain(REDACTED);
    expect(masked.startsWith("writing key\n")).toBe(true);
    expect(masked.endsWith("\ndone")).toBe(true);
  });

  it("a private key block cut off by the end of the log", () => {
    const masked = redactor.redact("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA");
    expect(masked).not.toContain("b3BlbnNzaC1rZXktdjEAAAAA");
  });

  it("patterns from the access file", () => {
    const custom = createRedactor({ extra: [/corp-[0-9a-f]{8}/i] });
    expect(custom.redact("license CORP-DEADBEEF ok")).toBe(`license ${REDACTED} ok`);
  });
});

describe("look-alikes are left alone", () => {
  it.each([
    "password reset email sent to user 42",
    "no password required for local socket",
    "passwordless login enabled",
    "token_count: 1532",
    "tokenizer loaded in 3.2s",
    "secretary: Alice",
    "password_policy: strict",
    "the secret to a good deploy is patience",
    "mysql -h db1 -u root -p -e 'select 1'",
    "ssh -p 2222 deploy@10.0.0.1",
    "curl https://example.com/path?user=me",
    "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----",
    "AKIA is a prefix, AKIA123 is too short",
    "connect to http://10.0.0.1:8080/health",
    "Authorization failed for user deploy",
    "password=",
    "磁盘空间不足，部署失败",
  ])("%s", (text) => {
    expect(redactor.redact(text)).toBe(text);
  });
});
