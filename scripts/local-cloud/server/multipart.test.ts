import { multipartBoundary, MultipartError, parseMultipart } from './multipart';

it('finds the boundary in a multipart content type', () => {
  expect(multipartBoundary('multipart/form-data; boundary=----abc')).toBe('----abc');
  expect(multipartBoundary('multipart/form-data; boundary="q x"')).toBe('q x');
  expect(multipartBoundary('application/json')).toBeNull();
});

it('parses text parts to strings and file parts to Buffers', () => {
  const bin = Buffer.from([0, 13, 10, 45, 45, 255]);
  const body = Buffer.concat([
    Buffer.from('--B\r\nContent-Disposition: form-data; name="action"\r\n\r\nwx.openApi\r\n'),
    Buffer.from('--B\r\nContent-Disposition: form-data; name="requestData"; filename="requestData"\r\nContent-Type: application/octet-stream\r\n\r\n'),
    bin,
    Buffer.from('\r\n--B--\r\n'),
  ]);
  const out = parseMultipart(body, 'B');
  expect(out.action).toBe('wx.openApi');
  expect(Buffer.isBuffer(out.requestData) && (out.requestData as Buffer).equals(bin)).toBe(true);
});

it('throws MultipartError on truncated bodies', () => {
  expect(() => parseMultipart(Buffer.from('--B\r\nContent-Disposition: form-data; name="a"\r\n\r\nno end'), 'B')).toThrow(MultipartError);
  expect(() => parseMultipart(Buffer.from('garbage'), 'B')).toThrow(MultipartError);
});
