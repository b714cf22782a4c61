-- Paces each connection: after every response it waits 50 ms, so ten
-- connections make a little under 200 requests a second.
function delay()
  return 50
end
