// What the glossary cards cite (docs/lexicon.md, Citations; docs/accuracy.md).
//
// Every citation in core/data/lexicon.json says what kind of source it is, and an address it gives
// must be on a host allowed for that kind in core/data/source-kinds.json: government sites for
// "official", the company's own filings and pages for "primary", the outlet that did the
// reporting for "news". Aggregators, rewrites, content farms, data files and mirrors are on no
// list, so a card can never send a reader to one. The allowed hosts are data, not code: adding an
// outlet is a reviewed change to that file.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

namespace {

using nlohmann::json;

const std::string kSourceDir = CHIPLIGHT_SOURCE_DIR;

json ReadJson(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in.good());
  std::ostringstream text;
  text << in.rdbuf();
  return json::parse(text.str());
}

// "https://www.reuters.com/technology/..." -> "www.reuters.com" (lower case, no port or user).
std::string HostOf(const std::string& url) {
  size_t begin = url.find("://");
  if (begin == std::string::npos) return "";
  begin += 3;
  size_t end = url.find_first_of("/?#", begin);
  std::string host = url.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
  if (size_t at = host.rfind('@'); at != std::string::npos) host = host.substr(at + 1);
  if (size_t colon = host.find(':'); colon != std::string::npos) host.resize(colon);
  for (char& c : host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return host;
}

// The host itself or a subdomain of it: "house.gov" allows "gottheimer.house.gov", not
// "notahouse.gov".
bool HostAllowed(const std::string& host, const json& hosts) {
  for (const json& allowed : hosts) {
    const std::string a = allowed.get<std::string>();
    if (host == a) return true;
    if (host.size() > a.size() && host.compare(host.size() - a.size(), a.size(), a) == 0 &&
        host[host.size() - a.size() - 1] == '.') {
      return true;
    }
  }
  return false;
}

}  // namespace

TEST_CASE("host matching allows a listed host and its subdomains only", "[accuracy][citations]") {
  const json hosts = json::array({"house.gov", "www.stheadline.com"});
  CHECK(HostAllowed(HostOf("https://gottheimer.house.gov/posts/x"), hosts));
  CHECK(HostAllowed(HostOf("https://house.gov"), hosts));
  CHECK_FALSE(HostAllowed(HostOf("https://notahouse.gov/x"), hosts));
  CHECK_FALSE(HostAllowed(HostOf("https://house.gov.example.com/x"), hosts));
  CHECK(HostAllowed(HostOf("https://www.stheadline.com/zh-hans/realtime-world/1"), hosts));
  // Sing Tao's std. site carries its rewrites of wire stories: not the same outlet.
  CHECK_FALSE(HostAllowed(HostOf("https://std.stheadline.com/realtime/article/1"), hosts));
  CHECK(HostOf("https://User@WWW.Reuters.com:443/x?y") == "www.reuters.com");
}

TEST_CASE("every citation has an allowed kind and an allowed address", "[accuracy][citations]") {
  const json kinds = ReadJson(kSourceDir + "/core/data/source-kinds.json").at("kinds");
  const json lexicon = ReadJson(kSourceDir + "/core/data/lexicon.json");
  std::map<std::string, size_t> per_kind;
  size_t official_or_primary_entries = 0;
  for (const json& entry : lexicon.at("entries")) {
    const std::string id = entry.at("id").get<std::string>();
    INFO("entry " << id);
    REQUIRE(entry.contains("glossary"));
    const json& citations = entry.at("glossary").at("citations");
    REQUIRE_FALSE(citations.empty());
    bool has_official_or_primary = false;
    for (const json& cite : citations) {
      INFO("citation " << cite.dump());
      CHECK_FALSE(cite.at("text").get<std::string>().empty());
      REQUIRE(cite.contains("kind"));
      const std::string kind = cite.at("kind").get<std::string>();
      REQUIRE(kinds.contains(kind));
      CHECK_FALSE(kinds.at(kind).at("label").get<std::string>().empty());
      ++per_kind[kind];
      if (kind != "news") has_official_or_primary = true;
      if (cite.contains("url")) {
        const std::string url = cite.at("url").get<std::string>();
        CHECK(url.rfind("https://", 0) == 0);
        CHECK(HostAllowed(HostOf(url), kinds.at(kind).at("hosts")));
      }
    }
    if (has_official_or_primary) ++official_or_primary_entries;
  }
  // A floor, not the figure: docs/accuracy.md lists the entries cited from reporting alone
  // (named intermediaries known only from investigations).
  CHECK(official_or_primary_entries * 100 >= lexicon.at("entries").size() * 95);
  CHECK(per_kind["official"] + per_kind["primary"] >= per_kind["news"]);
}
