module.exports = function (eleventyConfig) {
  eleventyConfig.addShortcode("image", (src, alt) => `<img src="${src}" alt="${alt}">`);
  return { dir: { input: "src", output: "_site" } };
};
