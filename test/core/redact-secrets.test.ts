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

  it.each([
    ["GitHub PAT", "push with ghp_R8vKq2LmN4xT7bYc1WdZ9sFh3JpQe6uAo0Gi now", "push with [redacted] now"],
    ["GitHub OAuth", "gho_Z4pQ8rT2vW6yA1cE5gI9kM3oS7uX0bD4fH8j", "[redacted]"],
    ["GitHub user-to-server", "(ghu_L3nP7rT1vX5zB9dF3hJ7lN1pR5tV9xZ3bD7f)", "([redacted])"],
    ["GitHub server-to-server", "ghs_Q2wE4rT6yU8iO0pA2sD4fG6hJ8kL0zX2cV4b,", "[redacted],"],
    ["GitHub refresh", "ghr_M1nB3vC5xZ7lK9jH1gF3dS5aP7oI9uY1tR3e", "[redacted]"],
    ["GitHub fine-grained", "github_pat_11ABCDEFG0aBcDeFgHiJkL_mNoPqRsTuVwXyZ0123456789aBcDeFgHiJkLmNoPqRsTuVwXyZ0123", "[redacted]"],
    ["a cut-off GitHub token", "token was ghp_R8vKq2LmN4xT7bYc1W…", "token was [redacted]…"],
    ["Slack bot", "xoxb-1029384756-2938475610293-A1b2C3d4E5f6G7h8I9j0K1l2", "[redacted]"],
    ["Slack user", "xoxp-1029384756-2938475610293-3847561029384-9f8e7d6c5b4a39281706f5e4d3c2b1a0", "[redacted]"],
    ["Slack workspace access", "xoxa-2-1029384756-2938475610293-aB3dE5fG7hJ9kL1mN3pQ5rS7", "[redacted]"],
    ["Slack workspace refresh", "xoxr-2-1029384756-2938475610293-zY8xW6vU4tS2rQ0pO8nM6lK4", "[redacted]"],
    ["Slack app-level", "xapp-1-A0123BCDEFG-4567890123456-0a1b2c3d4e5f", "[redacted]"],
    ["Slack webhook (Slack's documented shape)", "post https://hooks.slack.com/services/T00000000/B00000000/Xa1Yb2Zc3Wd4Ve5Uf6Tg7Sh8 done", "post [redacted] done"],
    [
      "a bare JWT",
      "session eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c ok",
      "session [redacted] ok",
    ],
    ["a token as a URL's user", "git clone https://b7e9a6e2e04ed3edbf8b4e21def4beccbb6eb6b1@github.com/acme/web.git", "git clone https://[redacted]@github.com/acme/web.git"],
    ["GitLab PAT", "glpat-Ab3De5Fg7Hj9Kl1Mn3Pq", "[redacted]"],
    ["Stripe live key", "stripe sk_live_4eC39HqLyjWDarjtT1zdp7dc", "stripe [redacted]"],
    ["npm token", "//registry.npmjs.org/:_authToken=npm_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8", "//registry.npmjs.org/:_authToken=[redacted]"],
    ["PyPI token", "upload pypi-AgEIcHlwaS5vcmcCJDU4YjA1ZmFhLWQ2ZjgtNGJmNy04ZTg3LTI5ZWIwOWVhNTQ3ZQACJXsicGVybWlzc2lvbnMiOiAidXNlciJ9", "upload [redacted]"],
    ["GCP API key", "key AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY end", "key [redacted] end"],
    ["curl --user", "curl -sS --user deploy:Tr0ub4dor https://example.com", "curl -sS --user [redacted] https://example.com"],
  ])("bare %s", (_name, given, want) => {
    expect(redactor.redact(given)).toBe(want);
  });

  it("joblog's own secrets, by value, also inside JSON text", () => {
    const own = createRedactor({ secrets: ["67448ad1aca5112596bc8bbfc5ea3e78", 'p"a\\ss'] });
    expect(own.redact("signing 67448ad1aca5112596bc8bbfc5ea3e78.")).toBe("signing [redacted].");
    expect(own.redact('{"secret_hint":"p\\"a\\\\ss"}')).not.toContain("a\\\\ss");
    expect(own.redactKnownSecrets("job 67448ad1aca5112596bc8bbfc5ea3e78 and password=x")).toBe("job [redacted] and password=x");
    expect(createRedactor({ secrets: [""] }).redact("nothing to hide")).toBe("nothing to hide");
  });

  it("masks a log dense with secrets the same as a sparse one (a rule then runs once over the whole text)", () => {
    const lines = Array.from({ length: 200 }, (_, index) => `step ${index}: token: abc${index}xyz`);
    const log = `${lines.join("\n")}\nEnter password:\nnext line stays\nlast ghp_R8vKq2LmN4xT7bYc1WdZ9sFh3JpQe6uAo0Gi`;
    const masked = redactor.redact(log);
    expect(masked.split("\n").slice(0, 200)).toEqual(lines.map((_, index) => `step ${index}: token: [redacted]`));
    expect(masked.endsWith("\nEnter password:\nnext line stays\nlast [redacted]")).toBe(true);
  });

  it("a key at the end of a line leaves the next line alone", () => {
    const log = "Enter password:\nERROR 1045 (28000): Access denied for user 'web'@'10.0.2.21' (using password: YES)\n";
    expect(redactor.redact(log)).toBe(log);
  });

  it.each([
    ["(using password: YES)", "(using password: YES)"],
    ["(using password: NO)", "(using password: NO)"],
    ["(password: hunter2)", "(password: [redacted])"],
    ["[token: abc123]", "[token: [redacted]]"],
    ["using password: S3cret", "using password: [redacted]"],
  ])("a closing bracket stays: %s", (given, want) => {
    expect(redactor.redact(given)).toBe(want);
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
    "HEAD is now at 3f786850e387550fdab836ed7e6dc881de23001b release 2.4.1",
    "request id 123e4567-e89b-12d3-a456-426614174000 accepted",
    "pulled registry.example.com/web@sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "note: the password policy requires rotation every 90 days",
    "llm config: max_tokens=1024 temperature=0.2",
    "git clone ssh://git@github.com/acme/web.git",
    "git clone https://deploy@git.example.com/app.git",
    "Enter password:",
    "checksum=9e107d9d372bb6826bd81d3542a419d6 size=4096",
  ])("%s", (text) => {
    expect(redactor.redact(text)).toBe(text);
  });
});
