// Stands in for office-addin-manifest, whose dependencies are ES modules only (jest cannot load
// them). office-addin-mock uses just its OfficeApp enum, to tell Outlook from the other hosts.
module.exports = {
  OfficeApp: { Excel: 'excel', OneNote: 'onenote', Outlook: 'outlook', PowerPoint: 'powerpoint', Project: 'project', Word: 'word' },
};
