#!/usr/bin/env bash
# Plays the browser for this provider's dev login and consent pages, with curl and a cookie
# jar: GETs an /authorize URL, follows the redirects, submits the login form (login
# user-123, any password) and the consent form, and stops at the first redirect that leaves
# the provider, i.e. the redirect URI with `code` and `state` (or `error`).
#
#   e2e/provider/sign-in.sh AUTHORIZE_URL           print the redirect URI the browser is sent to
#   e2e/provider/sign-in.sh --deliver AUTHORIZE_URL  also GET it (hands the code to a listening
#                                                   app, e.g. the login example) and print its page
#
# Only for this provider's pages (oidc-provider's devInteractions). Exit status 1 with the
# step and an excerpt of the page when something unexpected comes back.
set -euo pipefail

deliver=no
if [[ "${1:-}" == "--deliver" ]]; then
  deliver=yes
  shift
fi
if [[ $# -ne 1 ]]; then
  sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi

url=$1
origin=$(printf '%s' "$url" | sed -E 's#^(https?://[^/]+).*#\1#')
jar=$(mktemp)
headers=$(mktemp)
body=$(mktemp)
trap 'rm -f "$jar" "$headers" "$body"' EXIT

method=GET
data=
for step in $(seq 1 20); do
  if [[ $method == POST ]]; then
    status=$(curl -sS -o "$body" -D "$headers" -w '%{http_code}' -b "$jar" -c "$jar" --data "$data" "$url")
  else
    status=$(curl -sS -o "$body" -D "$headers" -w '%{http_code}' -b "$jar" -c "$jar" "$url")
  fi

  if [[ $status == 3* ]]; then
    location=$(grep -i '^location:' "$headers" | head -n1 | sed -E 's/^[Ll]ocation: *//' | tr -d '\r')
    case $location in
      /*) location="$origin$location" ;;
    esac
    if [[ $location != "$origin"/* ]]; then
      # Left the provider: this is the redirect back to the application.
      echo "$location"
      if [[ $deliver == yes ]]; then
        curl -sS -w '\n(HTTP %{http_code})\n' "$location" >&2
      fi
      exit 0
    fi
    method=GET
    url=$location
    continue
  fi

  if [[ $status != 200 ]] || ! grep -qi '<form' "$body"; then
    echo "sign-in.sh: step $step: $method $url answered $status without a form:" >&2
    sed -e 's/<[^>]*>/ /g' "$body" | tr -s ' \n' ' ' | cut -c1-600 >&2
    echo >&2
    exit 1
  fi

  action=$(grep -o 'action="[^"]*"' "$body" | head -n1 | sed -E 's/^action="(.*)"$/\1/; s/&amp;/\&/g')
  case $action in
    /*) action="$origin$action" ;;
  esac
  prompt=$(grep -o 'name="prompt" value="[a-z]*"' "$body" | head -n1 | sed -E 's/.*value="(.*)"/\1/')
  case $prompt in
    login) data='prompt=login&login=user-123&password=any-password' ;;
    consent) data='prompt=consent' ;;
    *)
      echo "sign-in.sh: step $step: a form that is neither the login nor the consent page" >&2
      exit 1
      ;;
  esac
  method=POST
  url=$action
done
echo "sign-in.sh: gave up after 20 requests without leaving the provider" >&2
exit 1
