/**
 * A throw-away certificate authority and a serving certificate for the fake on loopback, so clients
 * that send bearer tokens over https only (the Azure CLI, the Azure SDKs, kubectl with a kubeconfig's
 * `certificate-authority-data`) can trust it without turning verification off.
 */
import { generateKeyPair, randomBytes } from "node:crypto";
import { promisify } from "node:util";
import forge from "node-forge";

/** PEM texts of a loopback serving certificate and of the CA that signed it. */
export interface LoopbackCertificate {
  /** The CA certificate: what clients trust (`REQUESTS_CA_BUNDLE`, `NODE_EXTRA_CA_CERTS`, `certificate-authority-data`). */
  ca: string;
  /** The serving certificate, for `listen({ tls: { cert } })`. */
  cert: string;
  /** The serving certificate's private key (PKCS#8), for `listen({ tls: { key } })`. */
  key: string;
  /** The CA's private key (PKCS#8), for signing more certificates (client certificates of kubeconfigs). */
  caKey: string;
}

/** Options of {@link createLoopbackCertificate}. */
export interface LoopbackCertificateOptions {
  /** Days the certificates stay valid. @default 30 */
  validityDays?: number;
  /** Start of validity (ms since the epoch); a fake clock can supply it. @default Date.now() */
  now?: number;
}

/**
 * Makes a fresh self-signed CA and a serving certificate signed by it for `127.0.0.1`, `localhost`
 * and `::1` (subject alternative names; clients match IPs and names only there). RSA 2048 keys, made
 * by Node's own crypto (fast); node-forge writes the certificates.
 */
export async function createLoopbackCertificate(options: LoopbackCertificateOptions = {}): Promise<LoopbackCertificate> {
  const validityDays = options.validityDays ?? 30;
  if (!Number.isInteger(validityDays) || validityDays < 1) {
    throw new RangeError(`Failed to create a loopback certificate: validityDays must be a whole number ≥ 1, not ${String(validityDays)}.`);
  }
  // Backdated an hour so a client clock slightly behind the fake's does not reject it as not yet valid.
  const notBefore = new Date((options.now ?? Date.now()) - 3_600_000);
  const notAfter = new Date(notBefore.getTime() + validityDays * 86_400_000);
  const [caKeys, serverKeys] = await Promise.all([rsaKeyPair(), rsaKeyPair()]);
  const caSubject = [
    { name: "commonName", value: "aks-acr fake Azure CA" },
    { name: "organizationName", value: "aks-acr fake" },
  ];
  const ca = certificate(caKeys.publicKey, notBefore, notAfter, caSubject, caSubject, [
    { name: "basicConstraints", cA: true, pathLenConstraint: 0, critical: true },
    { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
    { name: "subjectKeyIdentifier" },
  ]);
  ca.sign(caKeys.privateKey, forge.md.sha256.create());
  const serving = certificate(serverKeys.publicKey, notBefore, notAfter, [{ name: "commonName", value: "localhost" }, { name: "organizationName", value: "aks-acr fake" }], caSubject, [
    { name: "basicConstraints", cA: false, critical: true },
    { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
    { name: "extKeyUsage", serverAuth: true },
    {
      name: "subjectAltName",
      altNames: [
        { type: 2, value: "localhost" },
        { type: 7, ip: "127.0.0.1" },
        { type: 7, ip: "::1" },
      ],
    },
    { name: "subjectKeyIdentifier" },
    { name: "authorityKeyIdentifier", keyIdentifier: ca.generateSubjectKeyIdentifier().getBytes() },
  ]);
  serving.sign(caKeys.privateKey, forge.md.sha256.create());
  return {
    ca: forge.pki.certificateToPem(ca),
    cert: forge.pki.certificateToPem(serving),
    key: serverKeys.privateKeyPem,
    caKey: caKeys.privateKeyPem,
  };
}

interface KeyPair {
  publicKey: forge.pki.rsa.PublicKey;
  privateKey: forge.pki.rsa.PrivateKey;
  privateKeyPem: string;
}

async function rsaKeyPair(): Promise<KeyPair> {
  const { publicKey, privateKey } = await promisify(generateKeyPair)("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  return { publicKey: forge.pki.publicKeyFromPem(publicKey), privateKey: forge.pki.privateKeyFromPem(privateKey), privateKeyPem: privateKey };
}

function certificate(
  publicKey: forge.pki.rsa.PublicKey,
  notBefore: Date,
  notAfter: Date,
  subject: forge.pki.CertificateField[],
  issuer: forge.pki.CertificateField[],
  extensions: object[],
): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = serialNumber();
  cert.validity.notBefore = notBefore;
  cert.validity.notAfter = notAfter;
  cert.setSubject(subject);
  cert.setIssuer(issuer);
  cert.setExtensions(extensions);
  return cert;
}

/** A positive random 16-byte serial in hex (RFC 5280: unique, at most 20 octets, positive). */
function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return bytes.toString("hex");
}
