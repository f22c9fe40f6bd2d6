// Chinese legacy encodings: telling GB18030 (GBK, GB2312) from Big5 when nothing declares which,
// and the charset an HTML page declares.
#ifndef CHIPLIGHT_CLI_READERS_CHARSET_H_
#define CHIPLIGHT_CLI_READERS_CHARSET_H_

#include <string>
#include <string_view>

namespace chiplight::cli::readers {

// Decodes bytes that are neither UTF-8 nor marked by a byte-order mark as GB18030 or Big5:
// of the two that decode cleanly, the one whose characters fall more often in its encoding's
// frequent-character block (GB2312 level 1, Big5's 常用字) and punctuation rows, which running
// Chinese text in the other encoding hits only by chance. Ties go to GB18030, mainland tender
// sites being most of what is scanned. `encoding` is "gb18030" or "big5". false if neither
// decodes cleanly.
bool DecodeChinese(std::string_view bytes, std::string* out, std::string* encoding);

// The charset label an HTML document declares (<meta charset>, <meta http-equiv content>, an XML
// declaration) in its first 1024 bytes, lowercased; "" if none.
std::string DeclaredHtmlCharset(std::string_view bytes);

// Converts with a declared WHATWG label (gb2312 and gbk read as GB18030, big5 as Big5-HKSCS, any
// other label iconv knows as itself). false if the label is unknown or the bytes don't convert.
bool DecodeAs(std::string_view label, std::string_view bytes, std::string* out,
              std::string* encoding);

// An HTML document's bytes to UTF-8: a byte-order mark or valid UTF-8 first (pages re-saved as
// UTF-8 often keep an old gb2312 declaration), then the declared charset, then DecodeToUtf8's
// detection.
std::string DecodeHtmlToUtf8(std::string bytes, std::string* encoding);

}  // namespace chiplight::cli::readers

#endif  // CHIPLIGHT_CLI_READERS_CHARSET_H_
