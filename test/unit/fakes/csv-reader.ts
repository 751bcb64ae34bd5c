/**
 * An RFC 4180 reader, as a spreadsheet reads a file: quoted fields may hold commas, quotes (doubled) and
 * line ends; rows end with CRLF. Text that does not end with a line end is refused (a cut file).
 */
export function readCsv(text: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let field = '';
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (quoted) {
			if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
			else if (c === '"') quoted = false;
			else field += c;
		} else if (c === '"') quoted = true;
		else if (c === ',') row.push(field), (field = '');
		else if (c === '\r' && text[i + 1] === '\n') {
			rows.push([...row, field]);
			(row = []), (field = ''), i++;
		} else field += c;
	}
	if (quoted || row.length > 0 || field !== '') throw new Error('the CSV does not end with a line end');
	return rows;
}
