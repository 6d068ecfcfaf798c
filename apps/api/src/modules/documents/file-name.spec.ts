import { cleanFileName, contentDisposition, extensionOf, fileNameProblem } from './file-name';

describe('fileNameProblem', () => {
  it.each(['report.pdf', 'Étude sur la criminalité (2024).docx', '報告.pdf', '.hidden.txt'])(
    'accepts %s',
    (name) => expect(fileNameProblem(name)).toBeNull(),
  );

  it.each([
    ['../../etc/passwd.pdf', 'path'],
    ['..\\windows\\system.ini', 'path'],
    ['/abs/report.pdf', 'path'],
    ['..', 'path'],
    ['report\u0000.pdf', 'control'],
    ['line\nbreak.pdf', 'control'],
    ['invoice\u202Efdp.exe', 'direction'],
    ['   ', 'no name'],
    [`${'a'.repeat(252)}.pdf`, '255 bytes'],
  ])('refuses %j', (name, why) => {
    expect(fileNameProblem(name)).toContain(why);
  });
});

describe('file names out', () => {
  it('cleans what it keeps', () => {
    expect(cleanFileName('  ..report   final.pdf ')).toBe('report final.pdf');
    expect(cleanFileName('...')).toBe('document');
    expect(cleanFileName('e\u0301tude.pdf')).toBe('\u00e9tude.pdf');
  });

  it('reads extensions', () => {
    expect(extensionOf('a.B.PDF')).toBe('pdf');
    expect(extensionOf('README')).toBe('');
    expect(extensionOf('.profile')).toBe('');
  });

  it('writes an ASCII fallback and the exact UTF-8 name', () => {
    expect(contentDisposition('Étude "n°1"; draft.pdf')).toBe(
      `attachment; filename="Etude _n_1__ draft.pdf"; filename*=UTF-8''%C3%89tude%20%22n%C2%B01%22%3B%20draft.pdf`,
    );
    const header = contentDisposition("O'Neil (2024).pdf");
    expect(header).toContain("filename*=UTF-8''O%27Neil%20%282024%29.pdf");
    expect(decodeURIComponent(header.split("UTF-8''")[1])).toBe("O'Neil (2024).pdf");
  });
});
