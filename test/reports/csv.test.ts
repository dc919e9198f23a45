import { headingCsv, neutralise, rowLinesCsv, tableCsv } from '../../src/reports/csv';

describe('CSV a spreadsheet cannot be tricked by', () => {
  test('when a cell begins with = + - @, a tab or a carriage return, then it gets a leading apostrophe', () => {
    expect(['=1+1', '+44 7700 900982', '-2+3', '@SUM(A1)', '\tcmd', '\rcmd'].map(neutralise)).toEqual([
      "'=1+1",
      "'+44 7700 900982",
      "'-2+3",
      "'@SUM(A1)",
      "'\tcmd",
      "'\rcmd",
    ]);
    expect(['N8', 'a=b', '2026-03-01', ''].map(neutralise)).toEqual(['N8', 'a=b', '2026-03-01', '']);
  });

  test('when rows are written, then numbers stay numbers (a negative one too), yes/no for true/false, and quotes are doubled', () => {
    const columns = ['reference', 'days', 'complied', 'late', 'note'];
    const csv = headingCsv(columns) + rowLinesCsv([{ reference: '=HYPERLINK("x")', days: -1, complied: true, late: false, note: null }], columns);
    expect(csv).toBe('reference,days,complied,late,note\r\n"\'=HYPERLINK(""x"")",-1,yes,no,\r\n');
  });

  test('when a table mixes counts and rates in a column, then the rates read as percentages; a column of rates is a number of percent', () => {
    const csv = tableCsv({
      id: 'summary',
      caption: 'Summary',
      columns: ['Figure', 'Value', 'Rate'],
      rows: [
        ['Received', 8, { rate: 0.5 }],
        ['Completion rate', { rate: 0.625 }, { rate: null }],
      ],
    });
    expect(csv).toBe('Figure,Value,Rate (%)\r\nReceived,8,50\r\nCompletion rate,62.5%,\r\n');
  });
});
