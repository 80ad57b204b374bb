# write_if_changed(PATH TEXT): writes TEXT to PATH unless PATH already holds exactly it, so a generated source
# whose input did not change keeps its time stamp and nothing is rebuilt. For the embed scripts (cmake -P).
function(write_if_changed path text)
  if(EXISTS "${path}")
    file(READ "${path}" old)
    if(old STREQUAL text)
      return()
    endif()
  endif()
  file(WRITE "${path}" "${text}")
endfunction()
