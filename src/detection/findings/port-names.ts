/** GuardDuty's portName for well-known ports; "Unknown" otherwise. */
const NAMES: ReadonlyMap<number, string> = new Map([
  [20, "FTP"],
  [21, "FTP"],
  [22, "SSH"],
  [23, "Telnet"],
  [25, "SMTP"],
  [53, "DNS"],
  [80, "HTTP"],
  [110, "POP3"],
  [123, "NTP"],
  [143, "IMAP"],
  [389, "LDAP"],
  [443, "HTTPS"],
  [445, "SMB"],
  [465, "SMTPS"],
  [587, "SMTP"],
  [993, "IMAPS"],
  [995, "POP3S"],
  [1433, "MSSQL"],
  [1521, "Oracle"],
  [2375, "Docker"],
  [3306, "MySQL"],
  [3389, "RDP"],
  [5432, "PostgreSQL"],
  [5985, "WinRM"],
  [5986, "WinRM"],
  [6379, "Redis"],
  [8080, "HTTP"],
  [8088, "YARN"],
  [9200, "Elasticsearch"],
  [9300, "Elasticsearch"],
  [27017, "MongoDB"],
]);

export function portName(port: number): string {
  return NAMES.get(port) ?? "Unknown";
}
